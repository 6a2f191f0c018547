package io.openfinance.identity.it.harness;

import java.net.URI;
import java.time.Duration;
import java.util.function.Predicate;

import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The customer's part of a UK Open Banking connection, in Chromium: our consent page, the Open Banking sandbox's
 * sign-in (unless the bank remembers them) and its account-selection page, where they share the accounts whose label
 * {@code shares} accepts. The partner's callback comes next.
 */
public final class ObSandboxBrowsing {

    private ObSandboxBrowsing() {
    }

    /** @param screenshot names a screenshot of the account-selection page, or null for none */
    public static void agreeAndShare(Chromium chromium, URI authorizationUrl, String customer, Predicate<String> shares,
                                     String screenshot) {
        ChromeDriver browser = chromium.freshStart();
        browser.get(authorizationUrl.toString());
        browser.findElement(By.id("consent-agree")).click();
        if (!browser.findElements(By.name("username")).isEmpty()) {
            browser.findElement(By.name("username")).sendKeys(customer);
            browser.findElement(By.name("password")).sendKeys(customer + "-sandbox", Keys.ENTER);
        }
        try {
            new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.presenceOfElementLocated(By.id("ob-accounts")));
        } catch (RuntimeException e) {
            chromium.screenshot("ob-unexpected-page");
            throw new AssertionError("expected the bank's account selection, the browser shows " + browser.getCurrentUrl(), e);
        }
        for (WebElement label : browser.findElements(By.cssSelector("#ob-accounts label"))) {
            if (shares.test(label.getText())) {
                label.findElement(By.cssSelector("input")).click();
            }
        }
        if (screenshot != null) {
            chromium.screenshot(screenshot);
        }
        browser.findElement(By.id("ob-share")).click();
    }
}
