package io.openfinance.identity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.openfinance.identity.it.harness.Admin;
import io.openfinance.identity.it.harness.BankSetup;
import io.openfinance.identity.it.harness.Chromium;
import io.openfinance.identity.it.harness.Connect;
import io.openfinance.identity.it.harness.EventReceiver;
import io.openfinance.identity.it.harness.FirstSync;
import io.openfinance.identity.it.harness.Http;
import io.openfinance.identity.it.harness.HttpBrowser;
import io.openfinance.identity.it.harness.KeycloakExtension;
import io.openfinance.identity.it.harness.KeycloakMode;
import io.openfinance.identity.it.harness.KeycloakServer;
import io.openfinance.identity.it.harness.Partner;
import io.openfinance.identity.it.harness.ServerSettings;

/**
 * An admin sets a bank and a partner up in Keycloak's admin console, in Chromium, as a person does: signs in, picks the
 * realm, clicks the identity provider (the client), its Open finance tab, fills it in and saves. The server uses the
 * settings at once, and a value the server would refuse is refused on save, in the console, with nothing changed.
 * The tabs need Keycloak's experimental declarative UI, which the development suite's server has
 * ({@link ServerSettings#CONSOLE_FEATURES}); in production mode this class is skipped.
 */
@ExtendWith(KeycloakExtension.class)
class ConsoleTabsIT {

    private static final String BANK = "console-bank";
    private static final String BANK_NAME = "Console Bank";
    private static final String ONLY_BANK = "console-only-bank";
    /** An OpenID Connect provider without a data API: a login provider, not a bank. */
    private static final String LOGIN_PROVIDER = "console-login";
    /** A UK bank: the Open Banking sandbox under another id, set up in Keycloak's own form, then in its Open finance tab. */
    private static final String UK_BANK = "console-uk-bank";
    private static final String UK_BANK_NAME = "Console UK Bank";
    /** The x-fapi-financial-id the Open Banking sandbox requires. */
    private static final String FINANCIAL_ID = "0015800001041RSBOX";
    private static final String REALM_PATH = "/realms/" + ServerSettings.IDENTITY_REALM;
    private static final String TAB = "Open finance";
    /** The console is a React app on a busy machine: its pages and answers come when they come. */
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    private static KeycloakServer server;
    private static Chromium chromium;
    private static ChromeDriver browser;
    private static EventReceiver receiver;
    private static Partner partner;
    private static Admin admin;
    private static String sandbox;

    @BeforeAll
    static void start(KeycloakServer shared) {
        assumeTrue(KeycloakMode.current() == KeycloakMode.DEVELOPMENT, "the console's tabs are tested in development mode");
        server = shared;
        admin = new Admin(server);
        receiver = new EventReceiver();
        partner = Partner.register(server, "Console Partner", Map.of());
        sandbox = server.realmUrl(ServerSettings.SANDBOX_REALM);
        // Identity providers with the sandbox bank's endpoints, but no data API: not banks (yet).
        Map<String, String> signIn = Map.of(
                "authorizationUrl", sandbox + "/protocol/openid-connect/auth",
                "tokenUrl", sandbox + "/protocol/openid-connect/token");
        BankSetup.addBank(server, BANK, BANK_NAME, signIn);
        BankSetup.addBank(server, LOGIN_PROVIDER, "Console Login", signIn);
        BankSetup.addSandboxLikeBank(server, ONLY_BANK, "Console Only Bank");
        chromium = Chromium.withJavaScript();
        browser = chromium.driver();
        signInAndPickTheRealm();
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void theRealmTabShowsAnOpenFinanceRealmImportedFromJson() {
        go(By.id("nav-item-realm-settings"), "/realm-settings");
        openTab("openFinance");
        assertTrue(switchOn("openFinance"), "identity-realm.json makes the realm open-finance; the tab must say so");
        chromium.screenshot("console-realm-tab");
    }

    @Test
    void aBankSetInItsTabIsInTheCatalogueAtOnceAndABadValueChangesNothing() {
        assertTrue(catalogued(BANK).isEmpty(), "not a bank before the tab made it one");
        String apiRoot = sandbox + "/bank-api";

        openIdentityProvider(BANK_NAME);
        openTab("bankAlias");
        type("bankAlias", BANK);
        setSwitch("isBank", true);
        type("dataApiUrl", apiRoot);
        choose("bankType", "test");
        chromium.screenshot("console-bank-tab");
        saveAndExpect("Saved successfully", null);

        JsonNode listed = catalogued(BANK).orElseThrow(() -> new AssertionError(BANK + " is not in GET /banks"));
        assertEquals("test", listed.get("type").asText());
        assertEquals(apiRoot, bankConfig(BANK).get("dataApiUrl").asText());

        type("dataApiUrl", "ftp://bank.example/api");
        String refusal = saveAndExpect("could not save", "console-bank-tab-refused");
        assertTrue(refusal.contains("dataApiUrl must be an http or https URL"), refusal);
        assertEquals(apiRoot, bankConfig(BANK).get("dataApiUrl").asText(), "a refused save changes nothing");
    }

    /**
     * The console keeps one saved form per tab and realm, and updates it at each later save: what an admin saves on a
     * provider's page applies to that provider, whichever provider's page saved the form before, and the form loaded
     * again saves again.
     */
    @Test
    void aBankTabSavedBeforeSavesAgainOnAnyProvidersPage() {
        openIdentityProvider(BANK_NAME);
        openTab("bankAlias");
        type("bankAlias", BANK);
        setSwitch("isBank", true);
        type("dataApiUrl", sandbox + "/bank-api");
        choose("bankType", "test");
        choose("connector", "oauth-data-api");
        saveAndExpect("Saved successfully", null);

        openIdentityProvider("Console Login");
        openTab("bankAlias");
        type("bankAlias", LOGIN_PROVIDER);
        setSwitch("isBank", false);
        saveAndExpect("Saved successfully", null);
        assertTrue(catalogued(LOGIN_PROVIDER).isEmpty(), "saved on a login provider's page, as not a bank");

        openIdentityProvider(BANK_NAME);
        openTab("bankAlias");
        type("bankAlias", BANK);
        setSwitch("isBank", true);
        choose("bankType", "api");
        chromium.screenshot("console-bank-tab-saved-again");
        saveAndExpect("Saved successfully", null);
        assertEquals("api", catalogued(BANK).orElseThrow(() -> new AssertionError(BANK + " is not in GET /banks"))
                .get("type").asText(), "the form loaded again saves again, for this provider");
    }

    /**
     * The admin picks the UK connector for a bank and fills the settings it declares, in the same tab; the server
     * connects the bank with them at once (the sandbox takes no consent without its financial id). A value the
     * connector would refuse is refused on save, and another connector chosen later keeps none of them.
     */
    @Test
    void aUkBanksConnectorSettingsFromItsTabAreUsedAtOnceAndABadOneChangesNothing() {
        addUkProvider();
        String apiRoot = sandbox + "/open-banking/v3.1/aisp";

        openIdentityProvider(UK_BANK_NAME);
        openTab("bankAlias");
        type("bankAlias", UK_BANK);
        setSwitch("isBank", true);
        type("dataApiUrl", apiRoot);
        choose("bankType", "test");
        clear("iconUrl");
        clear("revocationUrl");
        choose("connector", "uk-ob-ais");
        type("uk-ob-ais--fapiFinancialId", FINANCIAL_ID);
        choose("uk-ob-ais--responseType", "code");
        clear("uk-ob-ais--parUrl");
        clear("uk-ob-ais--signingKeyId");
        scrollTo(By.id("connector"));
        chromium.screenshot("console-bank-tab-connector-settings");
        saveAndExpect("Saved successfully", null);

        JsonNode config = bankConfig(UK_BANK);
        assertEquals("uk-ob-ais", config.get("connector").asText());
        assertEquals(FINANCIAL_ID, config.get("fapiFinancialId").asText());
        assertEquals("code", config.get("responseType").asText());
        assertFalse(config.has("parUrl") || config.has("signingKeyId"), "empty fields set nothing: " + config);
        assertFalse(connectAndReadAccounts(UK_BANK, "alice").isEmpty(), "the bank connected and read through uk-ob-ais");

        type("uk-ob-ais--parUrl", "ftp://bank.example/par");
        String refusal = saveAndExpect("could not save", "console-bank-tab-connector-refused");
        assertTrue(refusal.contains("parUrl must be an http or https URL"), refusal);
        assertFalse(bankConfig(UK_BANK).has("parUrl"), "a refused save changes nothing");

        Http.Answer refused = admin.post(REALM_PATH + "/components", savedTab("of-bank-settings", Map.of("alias", UK_BANK,
                "bankAlias", UK_BANK, "isBank", "true", "dataApiUrl", apiRoot, "connector", "uk-ob-ais",
                "uk-ob-ais--fapiFinancialId", FINANCIAL_ID, "uk-ob-ais--responseType", "token")));
        assertEquals(400, refused.status(), refused.body());
        assertTrue(refused.body().contains("responseType is neither code nor code id_token"), refused.body());
        assertEquals("code", bankConfig(UK_BANK).get("responseType").asText(), "a refused save changes nothing");

        clear("uk-ob-ais--parUrl");
        choose("uk-ob-ais--responseType", "code id_token");
        refusal = saveAndExpect("could not save", null);
        assertTrue(refusal.contains("turn useJwksUrl on with its jwksUrl, or set publicKeySignatureVerifier"), refusal);
        assertEquals("code", bankConfig(UK_BANK).get("responseType").asText(), "a refused save changes nothing");
        // the bank's keys are Keycloak's own fields, which its form takes over plain HTTP in a private network
        setProviderConfig(UK_BANK, Map.of("useJwksUrl", "true", "jwksUrl", "http://10.0.0.7/jwks"));
        refusal = saveAndExpect("could not save", "console-bank-tab-keys-refused");
        assertTrue(refusal.contains("jwksUrl must be an https URL (http only for localhost)"), refusal);
        setProviderConfig(UK_BANK, Map.of("useJwksUrl", "false", "publicKeySignatureVerifier", "-----BEGIN PUBLIC KEY-----"));
        refusal = saveAndExpect("could not save", null);
        assertTrue(refusal.contains("publicKeySignatureVerifier is neither a PEM public key (RSA or EC) nor a JWKS"), refusal);
        assertEquals("code", bankConfig(UK_BANK).get("responseType").asText(), "a refused save changes nothing");
        setProviderConfig(UK_BANK, Map.of("useJwksUrl", "true", "jwksUrl", sandbox + "/protocol/openid-connect/certs"));
        saveAndExpect("Saved successfully", null);
        assertEquals("code id_token", bankConfig(UK_BANK).get("responseType").asText());

        choose("connector", "oauth-data-api");
        saveAndExpect("Saved successfully", null);
        config = bankConfig(UK_BANK);
        assertEquals("oauth-data-api", config.get("connector").asText());
        assertFalse(config.has("fapiFinancialId") || config.has("responseType"), "no setting of another connector is kept: " + config);
        assertEquals(sandbox, config.get("issuer").asText(), "Keycloak's own Issuer is the provider's, not the connector's");
    }

    /** The console offers only the installed connectors; its save goes to the components endpoint, which checks anyway. */
    @Test
    void aConnectorThatIsNotInstalledIsRefusedOnSave() {
        String tab = savedTab("of-bank-settings", Map.of("alias", ONLY_BANK, "bankAlias", ONLY_BANK, "isBank", "true",
                "dataApiUrl", sandbox + "/bank-api", "connector", "no-such-connector"));

        Http.Answer refused = admin.post(REALM_PATH + "/components", tab);

        assertEquals(400, refused.status(), refused.body());
        assertTrue(refused.body().contains("Connector no-such-connector is not installed"), refused.body());
        assertFalse(bankConfig(ONLY_BANK).has("connector"), "a refused save changes nothing");
    }

    /** Saving a tab takes only manage-realm; writing to a client takes the right to configure it. */
    @Test
    void anAdminWhoMayNotConfigureClientsCannotChangeOneThroughItsTab() {
        String attacker = "https://attacker.example/events";
        String tab = savedTab("of-partner-settings", Map.of("clientId", partnerInternalId(), "partnerClientId",
                partner.clientId(), "eventsUrl", attacker));

        Http.Answer refused = Http.postJson(server.baseUrl() + "/admin" + REALM_PATH + "/components",
                adminWhoMayManageTheRealmOnly(), tab);

        assertEquals(403, refused.status(), refused.body());
        assertFalse(clientAttributes().path("of.events.url").asText().equals(attacker), "a refused save changes nothing");
    }

    @Test
    void aPartnerSetInItsTabMayNameOnlyItsBanksAndGetsItsEvents() {
        openClient(partner.clientId());
        openTab("partnerClientId");
        type("partnerClientId", partner.clientId());
        pick("banks", ONLY_BANK);
        type("eventsUrl", receiver.url());
        pick("eventTypes", "connection.created");
        chromium.screenshot("console-partner-tab");
        saveAndExpect("Saved successfully", null);

        String userId = Http.postJson(partner.realmUrl() + "/users", partner.accessToken("user:create", null), "{}")
                .json().get("userId").asText();
        Partner.Authorization other = partner.authorize("openid id:sandbox", Connect.ongoingClaims(userId), "signed");
        HttpBrowser.Stop refused = new HttpBrowser(Partner.REDIRECT_URI).open(other.url());
        assertTrue(refused.atPartner() && refused.partnerCallback().getQuery().contains("error=invalid_scope"),
                "a bank the tab did not choose is refused: " + refused.url());

        Partner.Authorization chosen = partner.authorize("openid id:" + ONLY_BANK, Connect.ongoingClaims(userId), "signed");
        HttpBrowser.Stop back = Connect.agreeAndSignIn(chosen, "alice");
        assertTrue(back.atPartner(), "expected the partner callback, got " + back.url());
        String connectionId = (String) partner.exchange(chosen, back.partnerCallback()).idToken().getClaim("mh:con_id");
        receiver.await(received -> received.stream().anyMatch(r -> r.type().equals("connection.created")
                && connectionId.equals(r.payload().get("connectionId"))), PATIENCE, "connection.created at the tab's URL");

        type("eventsUrl", "http://partner.example/events");
        String refusal = saveAndExpect("could not save", "console-partner-tab-refused");
        assertTrue(refusal.contains("Events endpoint must be an https URL"), refusal);
        assertEquals(receiver.url(), clientAttributes().get("of.events.url").asText(), "a refused save changes nothing");

        type("eventsUrl", receiver.url());
        pick("banks", LOGIN_PROVIDER);
        refusal = saveAndExpect("could not save", null);
        assertTrue(refusal.contains("Unknown bank " + LOGIN_PROVIDER), refusal);
        assertEquals(ONLY_BANK, clientAttributes().get("of.banks").asText(), "a refused save changes nothing");
    }

    /**
     * The identity provider as an admin makes it in Keycloak's own form for a UK bank: the Open Banking sandbox's
     * endpoints and Issuer, its client for us, "JWT signed with private key"; not a bank yet.
     */
    private static void addUkProvider() {
        BankSetup.addBank(server, UK_BANK, UK_BANK_NAME, Map.of(
                "authorizationUrl", sandbox + "/protocol/openid-connect/auth",
                "tokenUrl", sandbox + "/protocol/openid-connect/token",
                "issuer", sandbox,
                "clientId", "identity-service-ob",
                "clientAuthMethod", "private_key_jwt",
                "clientAssertionSigningAlg", "PS256",
                "defaultScope", "openid accounts"));
    }

    /**
     * A new profile of a new partner connects the bank (flow 2) in an HTTP browser: consent, the bank's sign-in, its
     * account selection, sharing the first account; the partner's data token then reads its accounts.
     */
    private static JsonNode connectAndReadAccounts(String bankId, String customer) {
        Partner connecting = Partner.register(server, "Console Connecting Partner", Map.of());
        String userId = Http.postJson(connecting.realmUrl() + "/users", connecting.accessToken("user:create", null), "{}")
                .json().get("userId").asText();
        Partner.Authorization authorization = connecting.authorize("openid id:" + bankId, Connect.ongoingClaims(userId), "signed");
        HttpBrowser customerBrowser = new HttpBrowser(Partner.REDIRECT_URI);
        HttpBrowser.Stop signIn = customerBrowser.submit(customerBrowser.open(authorization.url()), Map.of("decision", "agree"));
        HttpBrowser.Stop selection = customerBrowser.submit(signIn, Map.of("username", customer, "password", customer + "-sandbox"));
        assertTrue(selection.page() != null && selection.page().getElementById("ob-accounts") != null,
                "expected the bank's account selection, got " + selection.status() + " at " + selection.url());
        String account = selection.page().selectFirst("#ob-accounts input[name=account]").attr("value");
        HttpBrowser.Stop back = customerBrowser.submit(selection, Map.of("account", account, "decision", "share"));
        assertTrue(back.atPartner(), "expected the partner callback, got " + back.url());
        String connectionId = (String) connecting.exchange(authorization, back.partnerCallback()).idToken().getClaim("mh:con_id");
        FirstSync.await(connecting, userId, connectionId);
        Http.Answer accounts = Http.get(connecting.realmUrl() + "/data/accounts", connecting.accessToken("accounts:read", userId));
        assertEquals(200, accounts.status(), accounts.body());
        return accounts.json().get("data");
    }

    /** Signs in to the console as the admin, then picks the realm from Manage realms, as a person does. */
    private static void signInAndPickTheRealm() {
        browser.get(server.baseUrl() + "/admin/");
        await(ExpectedConditions.visibilityOfElementLocated(By.name("username"))).sendKeys(ServerSettings.ADMIN_USER);
        browser.findElement(By.name("password")).sendKeys(ServerSettings.ADMIN_PASSWORD, Keys.ENTER);
        go(By.id("nav-item-realms"), "/realms");
        go(By.linkText(ServerSettings.IDENTITY_REALM), "#/" + ServerSettings.IDENTITY_REALM);
        chromium.screenshot("console-realm");
    }

    /** Identity providers, then the provider's link in the list. */
    private static void openIdentityProvider(String displayName) {
        go(By.id("nav-item-identity-providers"), "/identity-providers");
        search("Search for provider", displayName);
        go(By.linkText(displayName), "/settings");
    }

    /** Clients, then the client's link in the list. */
    private static void openClient(String clientId) {
        go(By.id("nav-item-clients"), "/clients");
        search("Search for client", clientId);
        go(By.linkText(clientId), "/settings");
    }

    private static void search(String placeholder, String text) {
        WebElement box = await(ExpectedConditions.elementToBeClickable(By.cssSelector("input[placeholder='" + placeholder + "']")));
        box.sendKeys(text, Keys.ENTER);
    }

    /** Clicks the page's Open finance tab and waits for its field {@code field}. */
    private static void openTab(String field) {
        click(By.xpath("//*[@role='tab'][normalize-space(.)='" + TAB + "']"));
        await(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid='" + field + "']")));
    }

    /** Clicks {@code link} until the console's URL ends with {@code place}: a click while a page renders may be lost. */
    private static void go(By link, String place) {
        await(driver -> {
            click(link);
            return driver.getCurrentUrl().endsWith(place);
        });
    }

    /**
     * Scrolls {@code element} into view, as a person would (a client's tabs are wider than the window), and clicks it;
     * again while the console is still rendering it anew, an alert covers it or a tab list's arrow hides it.
     */
    private static void click(By element) {
        await(driver -> {
            WebElement target = ExpectedConditions.elementToBeClickable(element).apply(driver);
            if (target == null) {
                return false;
            }
            browser.executeScript("arguments[0].scrollIntoView({block: 'center', inline: 'center'})", target);
            try {
                target.click();
                return true;
            } catch (ElementClickInterceptedException hidden) {
                scrollTabsForward();
                throw hidden;
            }
        });
    }

    /** A tab list wider than its page (the realm's settings) hides its last tabs behind its arrow: a person clicks it. */
    private static void scrollTabsForward() {
        browser.findElements(By.cssSelector("button[aria-label='Scroll forward']")).stream()
                .filter(arrow -> arrow.isDisplayed() && arrow.isEnabled()).findFirst().ifPresent(WebElement::click);
    }

    /** A text field of the tab, by its config property's name. */
    private static void type(String field, String value) {
        clear(field).sendKeys(value);
    }

    /** Empties a text field of the tab; the field. */
    private static WebElement clear(String field) {
        WebElement input = await(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid='" + field + "']")));
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        return input;
    }

    /** Scrolls the page so that {@code element} is at its top, e.g. for a screenshot of what follows it. */
    private static void scrollTo(By element) {
        browser.executeScript("arguments[0].scrollIntoView({block: 'start'})", await(ExpectedConditions.presenceOfElementLocated(element)));
    }

    private static boolean switchOn(String field) {
        return browser.findElement(By.id(field)).isSelected();
    }

    private static void setSwitch(String field, boolean on) {
        if (switchOn(field) != on) {
            browser.executeScript("arguments[0].click()", browser.findElement(By.id(field)));
        }
        assertEquals(on, switchOn(field));
    }

    /** Opens the select whose toggle is {@code field} and picks {@code option}. */
    private static void choose(String field, String option) {
        click(By.id(field));
        click(option(option));
    }

    /** Types into the multi-select {@code field} and picks {@code option} from what it offers. */
    private static void pick(String field, String option) {
        WebElement input = await(ExpectedConditions.elementToBeClickable(By.cssSelector("[id='" + field + "'] input")));
        input.click();
        input.sendKeys(option);
        click(option(option));
    }

    private static By option(String text) {
        return By.xpath("//*[@role='option'][normalize-space(.)='" + text + "']");
    }

    /**
     * Saves the tab and returns the console's alert whose title contains {@code expected}, after saving what the browser
     * shows with it as {@code screenshot}, if named.
     */
    private static String saveAndExpect(String expected, String screenshot) {
        click(By.cssSelector("[data-testid='save']"));
        By alert = By.xpath("//*[contains(@class,'alert__title')][contains(normalize-space(.),'Saved successfully')"
                + " or contains(normalize-space(.),'could not save')]");
        String text = await(ExpectedConditions.visibilityOfElementLocated(alert)).getText();
        if (screenshot != null) {
            chromium.screenshot(screenshot);
        }
        browser.findElements(By.cssSelector("[class*='alert__action'] button")).forEach(close -> {
            try {
                close.click();
            } catch (RuntimeException gone) {
                // the alert timed out on its own
            }
        });
        assertTrue(text.contains(expected), "the console answered: " + text);
        return text;
    }

    /**
     * Waits for the console; if it never comes, what the browser shows and its console's log are saved as
     * {@code console-timeout.png} and {@code console-timeout.log}.
     */
    private static <T> T await(Function<WebDriver, T> condition) {
        try {
            return new WebDriverWait(browser, PATIENCE)
                    .ignoring(StaleElementReferenceException.class, ElementClickInterceptedException.class).until(condition);
        } catch (TimeoutException e) {
            chromium.screenshotAndConsole("console-timeout");
            throw e;
        }
    }

    private static Optional<JsonNode> catalogued(String bankId) {
        JsonNode banks = Http.get(server.realmUrl(ServerSettings.IDENTITY_REALM) + "/banks", null).json().get("data");
        return StreamSupport.stream(banks.spliterator(), false).filter(b -> b.get("id").asText().equals(bankId)).findFirst();
    }

    private static JsonNode bankConfig(String alias) {
        return admin.get(REALM_PATH + "/identity-provider/instances/" + alias).get("config");
    }

    /** Sets fields of Keycloak's own form of an identity provider, as an admin does there (or in its JSON). */
    private static void setProviderConfig(String alias, Map<String, String> fields) {
        String path = REALM_PATH + "/identity-provider/instances/" + alias;
        ObjectNode provider = (ObjectNode) admin.get(path);
        fields.forEach(((ObjectNode) provider.get("config"))::put);
        Http.Answer saved = admin.put(path, provider.toString());
        assertEquals(204, saved.status(), saved.body());
    }

    /** A tab's form as the console saves it: the fields and the page's route parameters, each a list of values. */
    private static String savedTab(String tab, Map<String, String> values) {
        ObjectNode component = Http.JSON.createObjectNode().put("name", tab).put("providerId", tab)
                .put("providerType", "org.keycloak.services.ui.extend.UiTabProvider")
                .put("parentId", admin.get(REALM_PATH).get("id").asText());
        ObjectNode config = component.putObject("config");
        values.forEach((key, value) -> config.putArray(key).add(value));
        return component.toString();
    }

    /** A master-realm admin with the identity realm's manage-realm role and nothing else; their access token. */
    private static String adminWhoMayManageTheRealmOnly() {
        String username = "realm-manager";
        String password = "realm-manager-" + Long.toHexString(System.nanoTime());
        ObjectNode user = Http.JSON.createObjectNode().put("username", username).put("enabled", true)
                .put("email", username + "@example.com").put("emailVerified", true)
                .put("firstName", "Realm").put("lastName", "Manager");
        user.putArray("credentials").addObject().put("type", "password").put("value", password).put("temporary", false);
        assertEquals(201, admin.post("/realms/master/users", user.toString()).status());
        String userId = admin.get("/realms/master/users?exact=true&username=" + username).get(0).get("id").asText();
        String realmClient = admin.get("/realms/master/clients?clientId=" + ServerSettings.IDENTITY_REALM + "-realm").get(0).get("id").asText();
        JsonNode manageRealm = admin.get("/realms/master/clients/" + realmClient + "/roles/manage-realm");
        assertEquals(204, admin.post("/realms/master/users/" + userId + "/role-mappings/clients/" + realmClient,
                "[" + manageRealm + "]").status());
        Http.Answer token = Http.postForm(server.realmUrl("master") + "/protocol/openid-connect/token", Map.of(
                "grant_type", "password", "client_id", "admin-cli", "username", username, "password", password));
        assertEquals(200, token.status(), token.body());
        return token.json().get("access_token").asText();
    }

    private static String partnerInternalId() {
        return admin.get(REALM_PATH + "/clients?clientId=" + Http.enc(partner.clientId())).get(0).get("id").asText();
    }

    private static JsonNode clientAttributes() {
        return admin.get(REALM_PATH + "/clients/" + partnerInternalId()).get("attributes");
    }
}
