<#import "page.ftl" as layout>
<#-- Where a bank that answers in the URL's fragment sends the customer back: the script posts its answer to us. -->
<@layout.page title=msg("bankReturnTitle")>
    <h1 class="of-title">${msg("bankReturnTitle")}</h1>
    <p class="of-note" id="bank-return">${msg("bankReturnWait")}</p>
    <noscript><p class="of-error">${msg("bankReturnNeedsScript")}</p></noscript>
    <form id="bank-answer" method="post" action="${callbackUrl}"></form>
    <script src="${url.resourcesPath}/js/bank-callback-fragment.js"></script>
</@layout.page>
