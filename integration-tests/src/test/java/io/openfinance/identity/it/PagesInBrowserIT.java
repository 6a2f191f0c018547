package io.openfinance.identity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;

import io.openfinance.identity.it.harness.Chromium;
import io.openfinance.identity.it.harness.Connect;
import io.openfinance.identity.it.harness.Http;
import io.openfinance.identity.it.harness.KeycloakExtension;
import io.openfinance.identity.it.harness.KeycloakServer;
import io.openfinance.identity.it.harness.Partner;
import io.openfinance.identity.it.harness.PartnerCallbackServer;

/** Both flows in headless Chromium with JavaScript off, with screenshots of every page under target/screenshots. */
@ExtendWith(KeycloakExtension.class)
class PagesInBrowserIT {

    private static PartnerCallbackServer partnerApp;
    private static Partner partner;
    private static Chromium chromium;

    @BeforeAll
    static void start(KeycloakServer server) {
        partnerApp = new PartnerCallbackServer();
        partner = Partner.register(server, "Acme <b>Budget</b> & Co", Map.of(), partnerApp.redirectUri());
        chromium = new Chromium();
    }

    @AfterAll
    static void stop() {
        chromium.close();
        partnerApp.close();
    }

    @Test
    void oneTimeAccessThroughConsentAndBankByKeyboard() {
        Partner.Authorization authorization = partner.authorize(
                "openid id:sandbox accounts:read transactions:read:all", null, "query");
        ChromeDriver browser = chromium.freshStart();
        browser.get(authorization.url().toString());

        chromium.screenshot("consent-page");
        assertEquals("Acme <b>Budget</b> & Co", browser.findElement(By.id("consent-partner")).getText(),
                "the partner's name is shown as text, never as markup");
        assertEquals("Sandbox Bank", browser.findElement(By.id("consent-bank")).getText());
        List<String> permissions = browser.findElements(By.cssSelector("#consent-permissions li")).stream()
                .map(WebElement::getText).toList();
        assertEquals(List.of("See your account names, numbers and balances",
                "See all your transactions, money in and money out"), permissions);
        assertTrue(browser.findElement(By.id("consent-expiry")).getText().matches(".*\\d{4}-\\d{2}-\\d{2}.*"));
        String action = browser.findElement(By.cssSelector("form")).getAttribute("action");
        assertTrue(action.contains("session_code=") && action.contains("tab_id="),
                "the form posts back with Keycloak's per-step session code: " + action);

        tabTo(browser, "consent-agree").sendKeys(Keys.ENTER);

        awaitUrlContaining(browser, "/realms/sandbox-bank/");
        chromium.screenshot("bank-sign-in-page");
        browser.findElement(By.name("username")).sendKeys("alice");
        browser.findElement(By.name("password")).sendKeys("alice-sandbox", Keys.ENTER);

        Partner.Tokens tokens = partner.exchange(authorization, partnerApp.awaitCallback());
        chromium.screenshot("partner-callback");
        assertNotNull(tokens.idToken().getClaim("mh:con_id"));
        assertEquals(200, Http.get(partner.realmUrl() + "/data/accounts", tokens.accessToken()).status());
    }

    @Test
    void ongoingAccessWithSignedRequestObject() {
        String userId = Http.postJson(partner.realmUrl() + "/users", partner.accessToken("user:create", null), "{}")
                .json().get("userId").asText();
        Partner.Authorization authorization = partner.authorize("openid id:sandbox", Connect.ongoingClaims(userId), "signed");
        ChromeDriver browser = chromium.freshStart();
        browser.get(authorization.url().toString());

        chromium.screenshot("consent-page-ongoing");
        assertTrue(browser.findElements(By.cssSelector("#consent-permissions li")).size() >= 1);
        browser.findElement(By.id("consent-agree")).click();
        browser.findElement(By.name("username")).sendKeys("bob");
        browser.findElement(By.name("password")).sendKeys("bob-sandbox", Keys.ENTER);

        Partner.Tokens tokens = partner.exchange(authorization, partnerApp.awaitCallback());
        assertEquals(userId, tokens.idToken().getSubject().getValue());
        assertNotNull(tokens.idToken().getClaim("mh:con_id"));
    }

    @Test
    void cancelReturnsToThePartnerWithAccessDenied() {
        Partner.Authorization authorization = partner.authorize("openid id:sandbox accounts:read", null, "query");
        ChromeDriver browser = chromium.freshStart();
        browser.get(authorization.url().toString());
        tabTo(browser, "consent-cancel").sendKeys(Keys.ENTER);

        URI callback = partnerApp.awaitCallback();
        assertTrue(callback.getQuery().contains("error=access_denied"), callback.toString());
        assertTrue(callback.getQuery().contains("state=" + authorization.state().getValue()));
    }

    @Test
    void aStrayBankCallbackShowsTheThemedErrorPage() {
        ChromeDriver browser = chromium.freshStart();
        browser.get(partner.realmUrl() + "/bank-callback?code=abc&state=not.a.flow");

        chromium.screenshot("error-page-bank-callback");
        assertTrue(browser.findElement(By.id("error-message")).getText().contains("not valid any more"),
                browser.findElement(By.id("error-message")).getText());
    }

    @Test
    void anUnregisteredRedirectUriShowsTheThemedErrorPage() {
        ChromeDriver browser = chromium.freshStart();
        browser.get(partner.realmUrl() + "/protocol/openid-connect/auth?response_type=code&scope=openid&client_id="
                + Http.enc(partner.clientId()) + "&redirect_uri=" + Http.enc("https://evil.example/cb"));

        chromium.screenshot("error-page-invalid-redirect-uri");
        assertTrue(browser.getCurrentUrl().startsWith(partner.realmUrl()), "stayed here: " + browser.getCurrentUrl());
        assertTrue(browser.findElement(By.id("error-message")).getText().toLowerCase().contains("redirect"),
                browser.findElement(By.id("error-message")).getText());
    }

    private static void awaitUrlContaining(ChromeDriver browser, String fragment) {
        try {
            new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.urlContains(fragment));
        } catch (TimeoutException e) {
            chromium.screenshot("unexpected-page");
            throw new AssertionError("expected " + fragment + " but the browser shows " + browser.getCurrentUrl(), e);
        }
    }

    /** Moves focus with the Tab key, as a keyboard user does, until the element with this id has it. */
    private static WebElement tabTo(ChromeDriver browser, String id) {
        for (int presses = 0; presses < 30; presses++) {
            WebElement focused = browser.switchTo().activeElement();
            if (id.equals(focused.getAttribute("id"))) {
                return focused;
            }
            new Actions(browser).sendKeys(Keys.TAB).perform();
        }
        throw new AssertionError(id + " cannot be reached with the Tab key");
    }
}
