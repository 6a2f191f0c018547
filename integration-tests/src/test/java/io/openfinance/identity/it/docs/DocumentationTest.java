package io.openfinance.identity.it.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The documentation holds together: every relative link reaches a file, every {@code #anchor} a heading of its page,
 * every repository path a page names in backticks exists, and the README stays a front door. Reads files only, so
 * surefire runs it in {@code mvn verify} before any server starts.
 */
class DocumentationTest {

    private static final int README_MAX_LINES = 250;

    private static final Path ROOT = repositoryRoot();

    private static final Pattern FENCE = Pattern.compile("^\\s*(```|~~~)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*\\s*$");
    private static final Pattern CODE_SPAN = Pattern.compile("`([^`]+)`");
    private static final Pattern LINK = Pattern.compile("\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern INLINE_LINK = Pattern.compile("\\[([^\\]]*)\\]\\([^)]*\\)");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");
    private static final Pattern REPOSITORY_PATH = Pattern.compile("^[A-Za-z0-9._-]+/[^\\s]*$");

    @Test
    void theReadmeIsAFrontDoorOfAtMost250Lines() throws IOException {
        int lines = Files.readAllLines(ROOT.resolve("README.md")).size();
        assertTrue(lines <= README_MAX_LINES,
                "README.md has " + lines + " lines; at most " + README_MAX_LINES + ": move detail to a page under docs/");
    }

    @Test
    void everyRelativeLinkReachesAFileAndEveryAnchorAHeading() {
        List<String> broken = new ArrayList<>();
        for (Path page : pages()) {
            List<String> lines = proseLines(page);
            for (int i = 0; i < lines.size(); i++) {
                Matcher link = LINK.matcher(CODE_SPAN.matcher(lines.get(i)).replaceAll("code"));
                while (link.find()) {
                    String problem = problemOf(page, link.group(1));
                    if (problem != null) {
                        broken.add(where(page, i) + ": " + link.group(1) + ": " + problem);
                    }
                }
            }
        }
        assertEquals(List.of(), broken, "broken links");
    }

    @Test
    void everyRepositoryPathNamedInBackticksExists() {
        Set<String> topLevel = topLevelDirectories();
        List<String> missing = new ArrayList<>();
        for (Path page : pages()) {
            List<String> lines = proseLines(page);
            for (int i = 0; i < lines.size(); i++) {
                Matcher span = CODE_SPAN.matcher(lines.get(i));
                while (span.find()) {
                    String path = span.group(1);
                    if (namesARepositoryPath(path, topLevel) && !exists(path)) {
                        missing.add(where(page, i) + ": `" + path + "`");
                    }
                }
            }
        }
        assertEquals(List.of(), missing, "paths named in the docs that the repository does not have");
    }

    /** The README, any other Markdown file at the root (e.g. a changelog), and the pages under docs/ and bench/. */
    private static List<Path> pages() {
        List<Path> pages = new ArrayList<>();
        try (Stream<Path> root = Files.list(ROOT)) {
            root.filter(DocumentationTest::isMarkdown).sorted().forEach(pages::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String folder : List.of("docs", "bench")) {
            try (Stream<Path> files = Files.walk(ROOT.resolve(folder))) {
                files.filter(DocumentationTest::isMarkdown).filter(p -> !generated(ROOT.relativize(p)))
                        .sorted().forEach(pages::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        assertTrue(pages.contains(ROOT.resolve("README.md")), "no README.md at " + ROOT);
        return pages;
    }

    /** Null when the link is good. Links that leave the repository (the contract beside it) cannot be checked here. */
    private static String problemOf(Path page, String target) {
        if (SCHEME.matcher(target).find()) {
            return null;
        }
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
        if (!resolved.startsWith(ROOT)) {
            return null;
        }
        if (!Files.exists(resolved)) {
            return "no such file";
        }
        if (anchor == null) {
            return null;
        }
        if (!isMarkdown(resolved)) {
            return "an anchor into a file that is not Markdown";
        }
        return anchors(resolved).contains(anchor) ? null : "no heading with this anchor in " + ROOT.relativize(resolved);
    }

    /** GitHub's anchors: the heading's text, lower case, punctuation dropped, spaces as hyphens; repeats get -1, -2. */
    static Set<String> anchors(Path page) {
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : proseLines(page)) {
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                String slug = slug(heading.group(1));
                int count = seen.merge(slug, 1, Integer::sum);
                anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
            }
        }
        return anchors;
    }

    static String slug(String heading) {
        String text = INLINE_LINK.matcher(heading).replaceAll("$1").toLowerCase(Locale.ROOT);
        StringBuilder slug = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (c == ' ') {
                slug.append('-');
            } else if (Character.isLetterOrDigit(c) || c == '-' || c == '_'
                    || Character.getType(c) == Character.NON_SPACING_MARK) {
                slug.appendCodePoint(c);
            }
        });
        return slug.toString();
    }

    /** A span such as `providers/src/...` or `bench/results/<date>-full.md`: it starts with a folder of the repository. */
    private static boolean namesARepositoryPath(String span, Set<String> topLevel) {
        if (!REPOSITORY_PATH.matcher(span).matches()) {
            return false;
        }
        Path path = Path.of(span.replace("…", "...").replaceAll("<[^>]*>", "x"));
        return topLevel.contains(path.getName(0).toString()) && !generated(path);
    }

    /** Build output and installed libraries are not in the repository: a page may name them, nothing checks them. */
    private static boolean generated(Path relative) {
        for (Path name : relative) {
            if (name.toString().equals("target") || name.toString().equals("node_modules")) {
                return true;
            }
        }
        return false;
    }

    /** Exactly, or as a pattern: `<placeholder>` and `*` stand for part of a name, `...` for any folders between. */
    private static boolean exists(String span) {
        String glob = span.replace("…", "...").replaceAll("<[^>]*>", "*").replace("/.../", "/**/");
        boolean directory = glob.endsWith("/");
        String trimmed = directory ? glob.substring(0, glob.length() - 1) : glob;
        if (!trimmed.contains("*")) {
            Path path = ROOT.resolve(trimmed);
            return directory ? Files.isDirectory(path) : Files.exists(path);
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + trimmed);
        Path first = ROOT.resolve(Path.of(trimmed).getName(0).toString());
        try (Stream<Path> files = Files.walk(first)) {
            return files.map(ROOT::relativize)
                    .filter(p -> !generated(p))
                    .anyMatch(p -> matcher.matches(p) && (!directory || Files.isDirectory(ROOT.resolve(p))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> topLevelDirectories() {
        Set<String> names = new HashSet<>();
        try (Stream<Path> root = Files.list(ROOT)) {
            root.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(name -> !name.equals(".git")).forEach(names::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    /** The page's lines with fenced code blocks blanked: links and paths inside code are examples, not references. */
    private static List<String> proseLines(Path page) {
        List<String> lines;
        try {
            lines = new ArrayList<>(Files.readAllLines(page));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        boolean inFence = false;
        for (int i = 0; i < lines.size(); i++) {
            boolean fence = FENCE.matcher(lines.get(i)).find();
            if (fence || inFence) {
                lines.set(i, "");
            }
            if (fence) {
                inFence = !inFence;
            }
        }
        return lines;
    }

    private static boolean isMarkdown(Path path) {
        return Files.isRegularFile(path) && path.getFileName().toString().endsWith(".md");
    }

    private static String where(Path page, int index) {
        return ROOT.relativize(page) + ":" + (index + 1);
    }

    /** The module's basedir (surefire's working directory) is one level below the repository's root. */
    private static Path repositoryRoot() {
        Path module = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        Path root = module.getParent();
        assertTrue(Files.isRegularFile(root.resolve("pom.xml")) && Files.isRegularFile(root.resolve("README.md")),
                "not the repository's root: " + root);
        return root;
    }
}
