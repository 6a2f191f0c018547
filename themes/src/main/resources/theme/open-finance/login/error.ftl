<#import "page.ftl" as layout>
<@layout.page title=msg("errorTitle")>
    <h1 class="of-title">${msg("errorTitle")}</h1>
    <p class="of-error" id="error-message">${kcSanitize(message.summary)?no_esc}</p>
    <p class="of-note">${msg("errorNextStep")}</p>
    <#if traceId??>
        <p class="of-note" id="traceId">${msg("traceIdSupportMessage", traceId)}</p>
    </#if>
</@layout.page>
