<#ftl output_format="HTML">
<#import "../layout.ftl" as l>
<@l.page title="Console" wide=true live=true>
<div id="console" data-agent-id="${user.id?c}" data-wrapup-s="${wrapupSeconds?c}"
     data-pause-reasons="${pauseReasons?join("|")}" data-dispositions="${dispositions?join("|")}"
     data-categories="${categories?join("|")}">
  <section class="card statebar" aria-label="Your state">
    <span id="state-pill" class="pill pill-offline" role="status">Offline</span>
    <span id="state-time" class="muted"></span>
    <div class="state-actions">
      <button type="button" id="go-available" class="primary">Available</button>
      <label class="inline-label">Pause:
        <select id="pause-reason" aria-label="Pause reason">
          <#list pauseReasons as r><option value="${r}">${r}</option></#list>
        </select>
      </label>
      <button type="button" id="go-paused">Pause</button>
      <button type="button" id="go-offline">Log off phone</button>
    </div>
    <label class="inline-label sound"><input type="checkbox" id="sound" checked> ring sound</label>
    <span id="link" class="link-state link-down" role="status">connecting…</span>
    <span id="originate" class="muted" role="status" aria-live="polite"></span>
  </section>

  <div class="console-grid">
    <section class="card pop" id="pop" aria-live="assertive">
      <p class="muted" id="pop-empty">No call. When your phone rings, the caller's card appears here.</p>
      <div id="pop-card" hidden>
        <div class="pop-head">
          <h1 id="pop-name"></h1>
          <span id="pop-tier"></span>
          <span id="pop-callstate" class="callstate"></span>
        </div>
        <p class="pop-number" id="pop-number"></p>
        <p><button type="button" id="pop-call" class="call" data-call-phone="" hidden>${t("worklist.call")}</button></p>
        <dl class="facts">
          <dt>Value</dt><dd id="pop-value"></dd>
          <dt>Lifecycle</dt><dd id="pop-lifecycle"></dd>
          <dt>Account manager</dt><dd id="pop-manager"></dd>
          <dt>Waited</dt><dd id="pop-waited"></dd>
          <dt>Menu choice</dt><dd id="pop-ivr"></dd>
          <dt>Why you</dt><dd id="pop-reason"></dd>
        </dl>
        <div id="pop-complaints" class="chips"></div>
        <p id="pop-unknown" hidden>Unknown caller. <a id="pop-create" href="#">Create a customer with this number</a></p>
        <p><a id="pop-360" href="#" target="_blank" rel="noopener">Open the 360° page</a></p>
      </div>
      <div id="after-call" hidden>
        <h2>Call notes</h2>
        <label>Disposition
          <select id="disposition"><#list dispositions as d><option value="${d}">${d}</option></#list></select>
        </label>
        <label>Notes <textarea id="notes" rows="3" maxlength="2000"></textarea></label>
        <button type="button" id="save-notes" class="primary">Save notes</button>
        <button type="button" id="open-complaint">Log complaint</button>
        <span id="wrapup" class="muted"></span>
        <form id="complaint-form" hidden>
          <h2>New complaint</h2>
          <label>Category <select id="c-category"><#list categories as c><option value="${c}">${c}</option></#list></select></label>
          <label>Severity <select id="c-severity"><option>normal</option><option>high</option><option>critical</option><option>low</option></select></label>
          <label>Subject <input id="c-subject" maxlength="200" required></label>
          <label>Description <textarea id="c-description" rows="3" maxlength="5000"></textarea></label>
          <button type="submit" class="primary">Log complaint</button>
        </form>
        <p id="after-result" role="status"></p>
      </div>
    </section>
    <section class="card">
      <h2>History</h2>
      <ol class="timeline" id="pop-history"><li class="muted">—</li></ol>
    </section>
  </div>
  <#include "worklist.ftl">
</div>
<script src="/static/console.js"></script>
</@l.page>
