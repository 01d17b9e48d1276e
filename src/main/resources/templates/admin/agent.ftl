<#ftl output_format="HTML">
<#import "../layout.ftl" as l>
<#import "admin.ftl" as a>
<@l.page title=agent.username>
<@a.nav section="agents"/>
<section class="card">
  <p><a href="/admin/agents">← ${t("admin.agents.title")}</a></p>
  <h1>${agent.displayName} <span class="muted">(${agent.username})</span>
    <#if !agent.active><span class="badge-off">${t("admin.agent.disabled")}</span></#if></h1>
  <#if agent.active>
  <form class="admin-form grid-form" id="edit-agent" data-api="/api/admin/agents/${agent.id?c}" data-method="PUT" data-done="reload" novalidate>
    <input type="hidden" name="_csrf" value="${csrf}">
    <@a.field form="edit-agent" name="displayName" label=t("admin.agent.displayName") value=agent.displayName max=100/>
    <div class="field">
      <label for="edit-agent-role">${t("admin.agent.role")}</label>
      <select id="edit-agent-role" name="role" aria-describedby="edit-agent-role-error">
        <#list roles as role><option value="${role}"<#if role == agent.role> selected</#if>>${t("role." + role)}</option></#list>
      </select>
      <p class="field-error" id="edit-agent-role-error" data-error-for="role"></p>
    </div>
    <@a.field form="edit-agent" name="team" label=t("admin.agent.team") value=agent.team!"" max=40/>
    <@a.field form="edit-agent" name="interface" label=t("admin.agent.interface") value=agent.interface!"" max=120 hint=t("admin.agent.interfaceHint")/>
    <fieldset class="field queues" aria-describedby="edit-agent-queues-error">
      <legend>${t("admin.agent.queues")}</legend>
      <#list queues as queue>
      <label class="inline-label"><input type="checkbox" name="queues" value="${queue}" data-kind="set" id="edit-agent-queue-${queue}"<#if agent.queues?seq_contains(queue)> checked</#if>> ${queue}</label>
      </#list>
      <p class="field-error" id="edit-agent-queues-error" data-error-for="queues"></p>
    </fieldset>
    <div class="field">
      <label for="edit-agent-skills">${t("admin.agent.skills")}</label>
      <input id="edit-agent-skills" name="skills" data-kind="list" value="${agent.skillsText}" maxlength="400" aria-describedby="edit-agent-skills-error">
      <p class="field-error" id="edit-agent-skills-error" data-error-for="skills"></p>
    </div>
    <div class="actions"><button type="submit" class="primary">${t("admin.save")}</button><@a.status/></div>
  </form>
  </#if>
</section>

<#if agent.active>
<section class="card">
  <h2 id="password-heading">${t("admin.agent.resetPassword")}</h2>
  <form class="admin-form" id="agent-password" data-api="/api/admin/agents/${agent.id?c}/password" data-method="POST" data-done="clear" aria-labelledby="password-heading" novalidate>
    <input type="hidden" name="_csrf" value="${csrf}">
    <@a.field form="agent-password" name="password" label=t("admin.agent.newPassword") type="password" required=true max=1000 auto="new-password" hint=t("admin.agent.passwordHint")/>
    <div class="actions"><button type="submit">${t("admin.agent.resetPassword")}</button><@a.status/></div>
  </form>
</section>
</#if>

<section class="card">
  <h2 id="active-heading">${t("admin.agent.status")}</h2>
  <p class="muted"><#if agent.active>${t("admin.agent.disableHint")}<#else>${t("admin.agent.enableHint")}</#if></p>
  <form class="admin-form" id="agent-active" data-api="/api/admin/agents/${agent.id?c}/active" data-method="POST" data-done="reload" aria-labelledby="active-heading" novalidate>
    <input type="hidden" name="_csrf" value="${csrf}">
    <input type="hidden" name="active" data-kind="bool" value="<#if agent.active>false<#else>true</#if>">
    <p class="field-error" data-error-for="active"></p>
    <div class="actions"><button type="submit"<#if agent.active> class="danger"</#if>><#if agent.active>${t("admin.agent.disable")}<#else>${t("admin.agent.enable")}</#if></button><@a.status/></div>
  </form>
</section>
<@a.scripts/>
</@l.page>
