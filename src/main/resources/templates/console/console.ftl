<#ftl output_format="HTML">
<#import "../layout.ftl" as l>
<@l.page title=t("console.title") wide=true live=true>
<div id="console" data-agent-id="${user.id?c}" data-extend-s="${extendSeconds?c}">
  <div id="session-ended" class="banner banner-error" role="alert" hidden>
    <span>${t("console.sessionEnded")}</span>
    <a id="login-again" class="button primary" href="/login?next=%2Fconsole">${t("console.loginAgain")}</a>
  </div>
  <section class="card statebar" aria-label="${t("console.stateBar")}">
    <span id="state-pill" class="pill pill-offline" role="status">${t("console.state.offline")}</span>
    <span id="state-time" class="muted"></span>
    <div class="state-actions">
      <button type="button" id="go-available" class="primary" aria-keyshortcuts="Alt+A">${t("console.available")} <kbd>Alt+A</kbd></button>
      <label class="inline-label">${t("console.pauseFor")}
        <select id="pause-reason">
          <#list pauseReasons as r><option value="${r}">${tor("console.pause." + r, r)}</option></#list>
        </select>
      </label>
      <button type="button" id="go-paused" aria-keyshortcuts="Alt+P">${t("console.pause")} <kbd>Alt+P</kbd></button>
      <button type="button" id="go-offline">${t("console.offline")}</button>
    </div>
    <div id="wrapup-bar" class="wrapup-bar" hidden>
      <span id="wrapup-left" class="wrapup-left"></span>
      <button type="button" id="wrapup-extend">${t("console.wrapUpExtend", extendSeconds)}</button>
      <button type="button" id="wrapup-end" class="primary" aria-keyshortcuts="Alt+W">${t("console.wrapUpEnd")} <kbd>Alt+W</kbd></button>
    </div>
    <label class="inline-label sound"><input type="checkbox" id="sound" checked> ${t("console.ringSound")}</label>
    <span id="link" class="link-state link-down" role="status">${t("console.connecting")}</span>
    <span id="originate" class="muted" role="status"></span>
  </section>
  <p id="problem" class="problem" role="alert" hidden></p>

  <div class="console-grid">
    <section class="card pop" id="pop" aria-labelledby="pop-title">
      <h2 id="pop-title" class="visually-hidden">${t("console.callerCard")}</h2>
      <p id="pop-announce" class="visually-hidden" aria-live="polite"></p>
      <p class="muted" id="pop-empty">${t("console.noCall")}</p>
      <div id="pop-card" hidden>
        <div class="pop-head">
          <h1 id="pop-name"></h1>
          <span id="pop-tier"></span>
          <span id="pop-callstate" class="callstate"></span>
        </div>
        <p class="pop-number" id="pop-number"></p>
        <p><button type="button" id="pop-call" class="call" data-call-phone="" hidden>${t("worklist.call")}</button></p>
        <dl class="facts">
          <dt>${t("console.value")}</dt><dd id="pop-value"></dd>
          <dt>${t("console.lifecycle")}</dt><dd id="pop-lifecycle"></dd>
          <dt>${t("console.accountManager")}</dt><dd id="pop-manager"></dd>
          <dt>${t("console.waited")}</dt><dd id="pop-waited"></dd>
          <dt>${t("console.talked")}</dt><dd id="pop-talked"></dd>
          <dt>${t("console.menuChoice")}</dt><dd id="pop-ivr"></dd>
          <dt>${t("console.whyYou")}</dt><dd id="pop-reason"></dd>
        </dl>
        <div id="pop-complaints" class="chips"></div>
        <p id="pop-unknown" hidden>${t("console.unknownCaller")} <a id="pop-create" href="#">${t("console.createCustomer")}</a></p>
        <p><a id="pop-360" href="#" target="_blank" rel="noopener">${t("console.open360")}</a></p>
      </div>
      <div id="after-call" hidden>
        <h2>${t("console.callNotes")}</h2>
        <label>${t("console.disposition")}
          <select id="disposition">
            <option value="">${t("console.chooseDisposition")}</option>
            <#list dispositions as d><option value="${d}">${tor("console.disposition." + d?replace(" ", "_"), d)}</option></#list>
          </select>
        </label>
        <label>${t("console.notes")} <textarea id="notes" rows="3" maxlength="2000"></textarea></label>
        <p id="draft-state" class="muted small" role="status"></p>
        <button type="button" id="save-notes" class="primary" aria-keyshortcuts="Alt+S">${t("console.saveNotes")} <kbd>Alt+S</kbd></button>
        <button type="button" id="open-complaint" aria-keyshortcuts="Alt+C">${t("console.logComplaint")} <kbd>Alt+C</kbd></button>
        <form id="complaint-form" hidden>
          <h2>${t("console.newComplaint")}</h2>
          <label>${t("console.category")} <select id="c-category"><#list categories as c><option value="${c}">${tor("console.category." + c, c)}</option></#list></select></label>
          <label>${t("console.severity")} <select id="c-severity">
            <option value="normal">${t("console.severity.normal")}</option>
            <option value="high">${t("console.severity.high")}</option>
            <option value="critical">${t("console.severity.critical")}</option>
            <option value="low">${t("console.severity.low")}</option>
          </select></label>
          <label>${t("console.subject")} <input id="c-subject" maxlength="200" required></label>
          <label>${t("console.description")} <textarea id="c-description" rows="3" maxlength="5000"></textarea></label>
          <button type="submit" class="primary">${t("console.logComplaint")}</button>
        </form>
        <p id="after-result" role="status"></p>
      </div>
    </section>
    <div class="console-side">
      <section class="card">
        <h2>${t("console.history")}</h2>
        <ol class="timeline" id="pop-history"><li class="muted">—</li></ol>
      </section>
      <#-- work list: the callbacks, follow-ups and account items panel (templates/console/worklist.ftl + static/worklist.js) -->
      <#include "worklist.ftl">
      <section class="card" id="unsent-card" hidden>
        <h2>${t("console.unsent")}</h2>
        <ul id="unsent" class="notices"></ul>
      </section>
      <section class="card" id="notices-card" hidden>
        <h2>${t("console.notices")}</h2>
        <ul id="notices" class="notices"></ul>
      </section>
    </div>
  </div>
  <p class="muted small shortcuts">${t("console.shortcuts")}</p>
</div>
<script src="/static/console.js"></script>
</@l.page>
