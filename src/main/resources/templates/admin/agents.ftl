<#ftl output_format="HTML">
<#import "../layout.ftl" as l>
<#import "admin.ftl" as a>
<@l.page title=t("admin.agents.title") wide=true>
<@a.nav section="agents"/>
<section class="card">
  <h1>${t("admin.agents.title")}</h1>
  <table class="list" id="agents">
    <thead><tr>
      <th scope="col">${t("admin.agent.username")}</th><th scope="col">${t("admin.agent.displayName")}</th>
      <th scope="col">${t("admin.agent.role")}</th><th scope="col">${t("admin.agent.team")}</th>
      <th scope="col">${t("admin.agent.interface")}</th><th scope="col">${t("admin.agent.queues")}</th>
      <th scope="col">${t("admin.agent.skills")}</th><th scope="col">${t("admin.agent.status")}</th>
    </tr></thead>
    <tbody>
    <#list agents as agent>
      <tr<#if !agent.active> class="inactive"</#if>>
        <td><a href="/admin/agents/${agent.id?c}">${agent.username}</a></td>
        <td>${agent.displayName}</td>
        <td>${t("role." + agent.role)}</td>
        <td>${agent.team!""}</td>
        <td><#if agent.interface?has_content><code>${agent.interface}</code></#if></td>
        <td>${agent.queuesText}</td>
        <td>${agent.skillsText}</td>
        <td><#if agent.active>${t("admin.agent.active")}<#else><span class="badge-off">${t("admin.agent.disabled")}</span></#if></td>
      </tr>
    </#list>
    </tbody>
  </table>
</section>

<section class="card">
  <h2 id="new-agent-heading">${t("admin.agent.new")}</h2>
  <form class="admin-form grid-form" id="new-agent" data-api="/api/admin/agents" data-method="POST" data-done="open" aria-labelledby="new-agent-heading" novalidate>
    <input type="hidden" name="_csrf" value="${csrf}">
    <@a.field form="new-agent" name="username" label=t("admin.agent.username") required=true max=40 auto="off" hint=t("admin.agent.usernameHint")/>
    <@a.field form="new-agent" name="displayName" label=t("admin.agent.displayName") max=100/>
    <div class="field">
      <label for="new-agent-role">${t("admin.agent.role")}</label>
      <select id="new-agent-role" name="role" aria-describedby="new-agent-role-error">
        <#list roles as role><option value="${role}">${t("role." + role)}</option></#list>
      </select>
      <p class="field-error" id="new-agent-role-error" data-error-for="role"></p>
    </div>
    <@a.field form="new-agent" name="password" label=t("admin.agent.password") type="password" required=true max=1000 auto="new-password" hint=t("admin.agent.passwordHint")/>
    <@a.field form="new-agent" name="team" label=t("admin.agent.team") max=40/>
    <@a.field form="new-agent" name="interface" label=t("admin.agent.interface") max=120 hint=t("admin.agent.interfaceHint")/>
    <fieldset class="field queues" aria-describedby="new-agent-queues-error">
      <legend>${t("admin.agent.queues")}</legend>
      <#list queues as queue>
      <label class="inline-label"><input type="checkbox" name="queues" value="${queue}" data-kind="set" id="new-agent-queue-${queue}"> ${queue}</label>
      </#list>
      <p class="field-error" id="new-agent-queues-error" data-error-for="queues"></p>
    </fieldset>
    <div class="field">
      <label for="new-agent-skills">${t("admin.agent.skills")}</label>
      <input id="new-agent-skills" name="skills" data-kind="list" maxlength="400" aria-describedby="new-agent-skills-hint new-agent-skills-error">
      <p class="hint muted" id="new-agent-skills-hint">${t("admin.agent.skillsHint")}</p>
      <p class="field-error" id="new-agent-skills-error" data-error-for="skills"></p>
    </div>
    <div class="actions"><button type="submit" class="primary">${t("admin.agent.create")}</button><@a.status/></div>
  </form>
</section>
<@a.scripts/>
</@l.page>
