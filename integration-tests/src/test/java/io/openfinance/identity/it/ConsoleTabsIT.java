package io.openfinance.identity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
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
import io.openfinance.identity.it.harness.Http;
import io.openfinance.identity.it.harness.HttpBrowser;
import io.openfinance.identity.it.harness.KeycloakExtension;
import io.openfinance.identity.it.harness.KeycloakServer;
import io.openfinance.identity.it.harness.Partner;
import io.openfinance.identity.it.harness.ServerSettings;

/**
 * An admin sets a bank and a partner up in Keycloak's admin console, through the Open finance tabs, in Chromium; the
 * server uses the settings at once, and a value the server would refuse is refused on save, with nothing changed.
 */
@ExtendWith(KeycloakExtension.class)
class ConsoleTabsIT {

    private static final String BANK = "console-bank";
    private static final String REALM_PATH = "/realms/" + ServerSettings.IDENTITY_REALM;
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
    static void start(KeycloakServer keycloak) {
        server = keycloak;
        admin = new Admin(server);
        receiver = new EventReceiver();
        partner = Partner.register(server, "Console Partner", Map.of());
        sandbox = server.realmUrl(ServerSettings.SANDBOX_REALM);
        // An identity provider with the sandbox bank's endpoints, but no bank yet: no data API.
        BankSetup.addBank(server, BANK, "Console Bank", Map.of(
                "authorizationUrl", sandbox + "/protocol/openid-connect/auth",
                "tokenUrl", sandbox + "/protocol/openid-connect/token"));
        chromium = Chromium.withJavaScript();
        browser = chromium.driver();
        signIn();
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
        openTab("/identity/realm-settings/general", "openFinance");
        assertTrue(switchOn("openFinance"), "identity-realm.json makes the realm open-finance; the tab must say so");
        chromium.screenshot("console-realm-tab");
    }

    @Test
    void aBankSetInItsTabIsInTheCatalogueAtOnceAndABadValueChangesNothing() {
        assertTrue(catalogued(BANK).isEmpty(), "not a bank before the tab made it one");
        String apiRoot = sandbox + "/bank-api";

        openTab("/identity/identity-providers/oidc/" + BANK + "/settings", "bankAlias");
        type("bankAlias", BANK);
        setSwitch("isBank", true);
        type("dataApiUrl", apiRoot);
        choose("bankType", "test");
        chromium.screenshot("console-bank-tab");
        saveAndExpect("Saved successfully");

        JsonNode listed = catalogued(BANK).orElseThrow(() -> new AssertionError(BANK + " is not in GET /banks"));
        assertEquals("test", listed.get("type").asText());
        assertEquals(apiRoot, bankConfig().get("dataApiUrl").asText());

        type("dataApiUrl", "ftp://bank.example/api");
        String refusal = saveAndExpect("could not save");
        chromium.screenshot("console-bank-tab-refused");
        assertTrue(refusal.contains("dataApiUrl must be an http or https URL"), refusal);
        assertEquals(apiRoot, bankConfig().get("dataApiUrl").asText(), "a refused save changes nothing");
    }

    @Test
    void aPartnerSetInItsTabMayNameOnlyItsBanksAndGetsItsEvents() {
        BankSetup.addSandboxLikeBank(server, "console-only-bank", "Console Only Bank");
        openTab("/identity/clients/" + partnerInternalId() + "/settings", "partnerClientId");
        type("partnerClientId", partner.clientId());
        browser.findElement(By.cssSelector("[data-testid='config.banks0']")).sendKeys("console-only-bank");
        type("eventsUrl", receiver.url());
        choose("eventTypes", "connection.created");
        chromium.screenshot("console-partner-tab");
        saveAndExpect("Saved successfully");

        String userId = Http.postJson(partner.realmUrl() + "/users", partner.accessToken("user:create", null), "{}")
                .json().get("userId").asText();
        Partner.Authorization other = partner.authorize("openid id:sandbox", Connect.ongoingClaims(userId), "signed");
        HttpBrowser.Stop refused = new HttpBrowser(Partner.REDIRECT_URI).open(other.url());
        assertTrue(refused.atPartner() && refused.partnerCallback().getQuery().contains("error=invalid_scope"),
                "a bank the tab did not choose is refused: " + refused.url());

        Partner.Authorization chosen = partner.authorize("openid id:console-only-bank", Connect.ongoingClaims(userId), "signed");
        HttpBrowser.Stop back = Connect.agreeAndSignIn(chosen, "alice");
        assertTrue(back.atPartner(), "expected the partner callback, got " + back.url());
        String connectionId = (String) partner.exchange(chosen, back.partnerCallback()).idToken().getClaim("mh:con_id");
        receiver.await(received -> received.stream().anyMatch(r -> r.type().equals("connection.created")
                && connectionId.equals(r.payload().get("connectionId"))), PATIENCE, "connection.created at the tab's URL");

        type("eventsUrl", "http://partner.example/events");
        String refusal = saveAndExpect("could not save");
        chromium.screenshot("console-partner-tab-refused");
        assertTrue(refusal.contains("Events endpoint must be an https URL"), refusal);
        assertEquals(receiver.url(), clientAttributes().get("of.events.url").asText(), "a refused save changes nothing");
    }

    private static void signIn() {
        browser.get(server.baseUrl() + "/admin/master/console/");
        await(ExpectedConditions.visibilityOfElementLocated(By.name("username"))).sendKeys(ServerSettings.ADMIN_USER);
        browser.findElement(By.name("password")).sendKeys(ServerSettings.ADMIN_PASSWORD, Keys.ENTER);
        await(ExpectedConditions.visibilityOfElementLocated(By.id("nav-item-clients")));
    }

    /** Opens a page of the console, then its Open finance tab, until the tab's field {@code field} is there. */
    private static void openTab(String route, String field) {
        browser.get(server.baseUrl() + "/admin/master/console/#" + route);
        // Loaded afresh at the page: a page reached by changing only the URL's fragment may still ask the realm shown before.
        browser.navigate().refresh();
        await(ExpectedConditions.elementToBeClickable(By.xpath("//*[@role='tab'][normalize-space(.)='Open finance']"))).click();
        await(ExpectedConditions.visibilityOfElementLocated(By.id(field)));
    }

    private static void type(String field, String value) {
        WebElement input = await(ExpectedConditions.elementToBeClickable(By.id(field)));
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        input.sendKeys(value);
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
        await(ExpectedConditions.elementToBeClickable(By.id(field))).click();
        await(ExpectedConditions.elementToBeClickable(By.xpath("//*[@role='option'][normalize-space(.)='" + option + "']"))).click();
    }

    /** Saves the tab and returns the console's alert whose title contains {@code expected}. */
    private static String saveAndExpect(String expected) {
        browser.findElement(By.cssSelector("[data-testid='save']")).click();
        By alert = By.xpath("//*[contains(@class,'alert__title')][contains(normalize-space(.),'" + expected + "')]");
        String text = await(ExpectedConditions.visibilityOfElementLocated(alert)).getText();
        browser.findElements(By.cssSelector("[class*='alert__action'] button")).forEach(close -> {
            try {
                close.click();
            } catch (RuntimeException gone) {
                // the alert timed out on its own
            }
        });
        return text;
    }

    /** Waits for the console; if it never comes, what the browser shows is saved as {@code console-timeout.png}. */
    private static <T> T await(Function<WebDriver, T> condition) {
        try {
            return new WebDriverWait(browser, PATIENCE).until(condition);
        } catch (TimeoutException e) {
            chromium.screenshot("console-timeout");
            throw e;
        }
    }

    private static Optional<JsonNode> catalogued(String bankId) {
        JsonNode banks = Http.get(server.realmUrl(ServerSettings.IDENTITY_REALM) + "/banks", null).json().get("data");
        return StreamSupport.stream(banks.spliterator(), false).filter(b -> b.get("id").asText().equals(bankId)).findFirst();
    }

    private static JsonNode bankConfig() {
        return admin.get(REALM_PATH + "/identity-provider/instances/" + BANK).get("config");
    }

    private static String partnerInternalId() {
        return admin.get(REALM_PATH + "/clients?clientId=" + Http.enc(partner.clientId())).get(0).get("id").asText();
    }

    private static JsonNode clientAttributes() {
        return admin.get(REALM_PATH + "/clients/" + partnerInternalId()).get("attributes");
    }
}
