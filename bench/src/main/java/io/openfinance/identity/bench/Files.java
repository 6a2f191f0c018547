package io.openfinance.identity.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** The few file-tree operations the bench needs. */
final class Files {

    private Files() {
    }

    static void deleteTree(Path root) {
        if (!java.nio.file.Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = java.nio.file.Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                java.nio.file.Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies a tree with file modes, leaving out the relative paths {@code skip} names. */
    static void copyTree(Path source, Path target, Predicate<Path> skip) {
        deleteTree(target);
        try (Stream<Path> files = java.nio.file.Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path relative = source.relativize(file);
                if (!skip.test(relative)) {
                    java.nio.file.Files.copy(file, target.resolve(relative.toString()), StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
