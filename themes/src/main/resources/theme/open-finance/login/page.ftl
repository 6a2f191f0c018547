<#macro page title>
<!DOCTYPE html>
<html lang="${(locale.currentLanguageTag)!'en'}">
<head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="robots" content="noindex, nofollow">
    <title>${title}</title>
    <link rel="stylesheet" href="${url.resourcesPath}/css/open-finance.css">
</head>
<body>
<header class="of-header">
    <span class="of-brand">${msg("serviceName")}</span>
</header>
<main class="of-main">
    <div class="of-card">
        <#nested>
    </div>
</main>
<footer class="of-footer">${msg("footerText")}</footer>
</body>
</html>
</#macro>
