package dev.bulwark.server.forward;

import dev.bulwark.server.audit.AuditFeed;
import dev.bulwark.server.db.JobLocks;
import dev.bulwark.server.db.Transactions;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Forwards the trail to one destination (decision 0034): reads the records after what was sent in batches, sends
 * them, and moves the durable cursor in a transaction of its own once the receiver has them. A failure sends again
 * from the cursor after a backoff that doubles up to the cap, so a record may arrive twice but is never skipped.
 * Reads are read-only transactions and the cursor is a row of its own: nothing here waits for, or holds up, a
 * change. Memory is one batch.
 *
 * <p>Several nodes: every node runs a forwarder per destination, but only the one holding the destination's job
 * lock ({@link #lockName}) sends; the others wait to take over. The holder reads the cursor when it takes the lock,
 * so a node taking over after a clean stop starts where the previous one confirmed, and after a crash (the lease
 * ran out) sends again at most what the crashed node sent but had not confirmed
 * (docs/decisions/0040-background-jobs-on-one-node.md).
 */
final class Forwarder {
    private static final System.Logger LOG = System.getLogger(Forwarder.class.getName());
    static final long POLL_MILLIS = 250;
    /** How often a node that does not hold the destination's lock tries to take it. */
    static final long TAKE_OVER_MILLIS = 1_000;

    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);

    private final StoredDestination destination;
    private final Supplier<Delivery> deliveries;
    private final AuditFeed feed;
    private final Transactions tx;
    private final ForwardRepository repository = new ForwardRepository();
    private final int batchSize;
    private final Duration maxBackoff;
    private final Clock clock;
    private final JobLocks locks;
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean stopped;
    private Thread worker;
    private Delivery delivery;
    private long durableSeq;

    Forwarder(
            StoredDestination destination,
            Supplier<Delivery> deliveries,
            AuditFeed feed,
            Transactions tx,
            int batchSize,
            Duration maxBackoff,
            Clock clock,
            JobLocks locks) {
        this.destination = destination;
        this.deliveries = deliveries;
        this.feed = feed;
        this.tx = tx;
        this.batchSize = batchSize;
        this.maxBackoff = maxBackoff;
        this.clock = clock;
        this.locks = locks;
    }

    /** The job lock of destination {@code id}: one node at a time sends to it. */
    static String lockName(UUID id) {
        return "audit-forwarding-" + id;
    }

    StoredDestination destination() {
        return destination;
    }

    void start() {
        worker = Thread.ofVirtual().name("audit-forward-" + destination.id()).start(this::run);
    }

    /** New records may be there: look now instead of at the next poll. */
    void wake() {
        wake.release();
    }

    /** Stops after the batch in hand; what was sent but not confirmed is sent again at the next start. */
    void stop() {
        stopped = true;
        wake.release();
        if (worker == null) {
            return;
        }
        try {
            worker.join(5_000);
            if (worker.isAlive()) {
                worker.interrupt();
                worker.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Takes the destination's lock when no node holds it, and sends while holding it, until stopped. */
    private void run() {
        String lock = lockName(destination.id());
        try {
            while (!stopped) {
                boolean held;
                try {
                    held = locks.runExclusively(lock, this::sendWhileHeld);
                } catch (RuntimeException e) {
                    held = false;
                    LOG.log(
                            System.Logger.Level.WARNING,
                            "Audit forwarding to " + destination.name() + " could not start; trying again",
                            e);
                }
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                if (!held && !stopped) {
                    pause(TAKE_OVER_MILLIS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The delivery loop, while this node holds the destination's lock; returns when stopped. */
    private void sendWhileHeld() {
        UUID id = destination.id();
        if (!tx.read(c -> repository.find(c, id))
                .filter(StoredDestination::enabled)
                .filter(d -> d.updatedAt().equals(destination.updatedAt()))
                .isPresent()) {
            // Changed, disabled or removed on another node since this forwarder started: this node's forwarders
            // are brought in line within seconds, and one with the new settings takes the lock then.
            return;
        }
        StoredCursor cursor = tx.read(c -> repository.cursor(c, id)).orElseGet(() -> StoredCursor.start(id));
        durableSeq = cursor.lastSeq();
        long sentSeq = durableSeq;
        long unconfirmedSeq = durableSeq;
        int failures = 0;
        String lastLogged = null;
        try {
            while (!stopped) {
                try {
                    List<AuditFeed.Line> batch = feed.after(sentSeq, batchSize);
                    if (batch.isEmpty()) {
                        if (unconfirmedSeq > durableSeq) {
                            delivery().confirm();
                            advance(unconfirmedSeq);
                        }
                        pause(POLL_MILLIS);
                        continue;
                    }
                    delivery().send(batch);
                    long last = batch.getLast().seq();
                    if (delivery.acknowledges()) {
                        advance(last);
                    } else if (unconfirmedSeq > durableSeq) {
                        advance(unconfirmedSeq); // the send found the connection still open after the last batch
                    }
                    unconfirmedSeq = last;
                    sentSeq = last;
                    if (failures > 0) {
                        LOG.log(
                                System.Logger.Level.INFO,
                                "Audit forwarding to {0} works again after {1} failed attempts",
                                destination.name(),
                                failures);
                    }
                    failures = 0;
                    lastLogged = null;
                } catch (IOException | RuntimeException e) {
                    if (stopped) {
                        break;
                    }
                    closeDelivery();
                    failures++;
                    String sentence = sentence(e);
                    int attempts = failures;
                    try {
                        tx.write(c -> {
                            repository.failed(c, id, sentence, clock.instant());
                            return null;
                        });
                    } catch (RuntimeException recordFailure) {
                        LOG.log(System.Logger.Level.WARNING, "The forwarding status could not be saved", recordFailure);
                    }
                    if (!sentence.equals(lastLogged)) {
                        LOG.log(
                                System.Logger.Level.WARNING,
                                "Audit forwarding to {0} failed (attempt {1}); retrying from record {2}: {3}",
                                destination.name(),
                                attempts,
                                durableSeq + 1,
                                sentence);
                        lastLogged = sentence;
                    }
                    sentSeq = durableSeq;
                    unconfirmedSeq = durableSeq;
                    pause(backoff(failures).toMillis());
                }
            }
            confirmBeforeLetting(unconfirmedSeq);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeDelivery();
        }
    }

    /**
     * On a clean stop, records what the receiver has before the lock goes to another node, so that node does not
     * send it again; when that fails it is sent again, as after a crash.
     */
    private void confirmBeforeLetting(long unconfirmedSeq) {
        if (delivery == null || unconfirmedSeq <= durableSeq) {
            return;
        }
        try {
            delivery.confirm();
            advance(unconfirmedSeq);
        } catch (IOException | RuntimeException e) {
            LOG.log(
                    System.Logger.Level.DEBUG,
                    "Audit forwarding to {0}: records after {1} are sent again at the next start",
                    destination.name(),
                    durableSeq);
        }
    }

    /** Waits up to {@code millis}, or until woken or stopped. */
    private void pause(long millis) throws InterruptedException {
        if (!stopped) {
            wake.tryAcquire(millis, TimeUnit.MILLISECONDS);
            wake.drainPermits();
        }
    }

    private void advance(long seq) {
        tx.write(c -> {
            repository.delivered(c, destination.id(), seq, clock.instant());
            return null;
        });
        durableSeq = seq;
    }

    private Delivery delivery() {
        if (delivery == null) {
            delivery = deliveries.get();
        }
        return delivery;
    }

    private void closeDelivery() {
        if (delivery != null) {
            delivery.close();
            delivery = null;
        }
    }

    /** 1 s, 2 s, 4 s, ... up to the cap. */
    Duration backoff(int failures) {
        Duration wait = FIRST_BACKOFF.multipliedBy(1L << Math.min(failures - 1, 20));
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }

    private static String sentence(Exception e) {
        if (e instanceof IOException && e.getMessage() != null) {
            return e.getMessage();
        }
        return "Forwarding failed inside the server (" + e.getClass().getSimpleName() + "); see the server log.";
    }
}
