<#import "page.ftl" as layout>
<@layout.page title=msg("consentTitle")>
    <h1 class="of-title">
        <span id="consent-partner">${partnerName}</span> ${msg("consentWantsAccess")}
        <span id="consent-bank">${bankName}</span> ${msg("consentData")}
    </h1>
    <h2 class="of-subtitle" id="permissions-heading">${msg("consentPermissionsHeading")}</h2>
    <ul class="of-permissions" id="consent-permissions" aria-labelledby="permissions-heading">
        <#list permissions as permission>
            <li>${permission}</li>
        </#list>
    </ul>
    <p class="of-expiry" id="consent-expiry">${msg("consentExpiry")} <strong>${expiresOn}</strong></p>
    <#if bankStep>
        <p class="of-note">${msg("consentBankHandOff", bankName)}</p>
    <#else>
        <p class="of-note" id="consent-no-bank">${msg("consentNoBankStep")}</p>
    </#if>
    <form class="of-actions" method="post" action="${url.loginAction}">
        <button class="of-button of-button-primary" type="submit" name="decision" value="agree" id="consent-agree">
            <#if bankStep>${msg("consentAgree", bankName)}<#else>${msg("consentAgreeOnly")}</#if>
        </button>
        <button class="of-button of-button-secondary" type="submit" name="decision" value="cancel" id="consent-cancel">
            ${msg("consentCancel")}
        </button>
    </form>
</@layout.page>
