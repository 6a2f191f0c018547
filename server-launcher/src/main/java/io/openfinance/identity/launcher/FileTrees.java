package io.openfinance.identity.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Folders of a distribution or a database file, copied or deleted whole. */
public final class FileTrees {

    private FileTrees() {
    }

    /** Deletes a folder and everything in it, if it exists. */
    public static void delete(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces {@code target} with a copy of {@code source}, file modes kept, without the relative paths {@code skip} names. */
    static void copy(Path source, Path target, Predicate<Path> skip) {
        delete(target);
        try (Stream<Path> files = Files.walk(source)) {
            Files.createDirectories(target.toAbsolutePath().getParent());
            for (Path file : (Iterable<Path>) files::iterator) {
                Path relative = source.relativize(file);
                if (!skip.test(relative)) {
                    Files.copy(file, target.resolve(relative.toString()), StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
