package org.calldesk.app;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A calldesk's claim on its data directory: a lock on {@code calldesk.lock}, which names the holder's pid. The
 * operating system drops the lock when the process ends, even by kill -9, so a lock that can be taken means that
 * any PostgreSQL or Redis the directory's pid files still name was left by a calldesk that is gone.
 */
final class DataDirLock implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DataDirLock.class);
    private static final String FILE = "calldesk.lock";
    // Closing any channel on a locked file drops this process's lock on it (POSIX), so a directory held in this JVM
    // is recognised here without opening its lock file a second time.
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path dir;
    private final FileChannel channel;

    private DataDirLock(Path dir, FileChannel channel) {
        this.dir = dir;
        this.channel = channel;
    }

    /** The lock, or {@link EmbeddedServices.InUse} naming the calldesk that has it. */
    static DataDirLock take(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        if (!HELD.add(dir)) {
            throw new EmbeddedServices.InUse("data directory " + dir + " is in use by a calldesk running in this process");
        }
        try {
            Files.createDirectories(dir);
            FileChannel channel = FileChannel.open(dir.resolve(FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.READ, StandardOpenOption.WRITE);
            if (channel.tryLock() == null) {
                String holder = holder(channel);
                channel.close();
                throw new EmbeddedServices.InUse("data directory " + dir + " is in use by a running calldesk"
                        + (holder.isEmpty() ? "" : " (pid " + holder + ")"));
            }
            channel.truncate(0).write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
            return new DataDirLock(dir, channel);
        } catch (IOException e) {
            HELD.remove(dir);
            throw new UncheckedIOException("cannot lock data directory " + dir + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            HELD.remove(dir);
            throw e;
        }
    }

    Path dir() {
        return dir;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            log.warn("data directory lock not released cleanly: {}", e.getMessage());
        }
        HELD.remove(dir);
    }

    private static String holder(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(32);
        channel.read(buffer, 0);
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).trim();
    }
}
