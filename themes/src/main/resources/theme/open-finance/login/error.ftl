<#import "page.ftl" as layout>
<@layout.page title=msg("errorTitle")>
    <h1 class="of-title">${msg("errorTitle")}</h1>
    <p class="of-error" id="error-message" role="alert">${kcSanitize(message.summary)?no_esc}</p>
    <p class="of-note">${msg("errorNextStep")}</p>
</@layout.page>
