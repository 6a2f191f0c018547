<#import "page.ftl" as layout>
<#-- The Open Banking sandbox bank's own page (not the identity service's): the customer picks the accounts to share. -->
<@layout.page title=msg("obSelectionTitle")>
    <h1 class="of-title" id="ob-selection-title"><span id="ob-tpp">${tppName}</span> ${msg("obSelectionAsks")}</h1>
    <#if message?has_content>
        <p class="of-note" id="ob-selection-error" role="alert">${kcSanitize(message.summary)?no_esc}</p>
    </#if>
    <form class="of-actions" method="post" action="${url.loginAction}">
        <fieldset class="of-permissions" id="ob-accounts">
            <legend>${msg("obSelectionLegend")}</legend>
            <#list accounts as account>
                <label class="of-account">
                    <input type="checkbox" name="account" value="${account.id}" id="ob-account-${account?index}">
                    <span>${account.name} (${account.currency}) ···${account.number?substring(account.number?length - 4)}</span>
                </label>
            </#list>
        </fieldset>
        <button class="of-button of-button-primary" type="submit" name="decision" value="share" id="ob-share">${msg("obSelectionShare")}</button>
        <button class="of-button of-button-secondary" type="submit" name="decision" value="cancel" id="ob-cancel">${msg("obSelectionCancel")}</button>
    </form>
</@layout.page>
