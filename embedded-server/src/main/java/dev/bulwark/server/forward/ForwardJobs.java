package dev.bulwark.server.forward;

import dev.bulwark.server.ServerSettings;
import dev.bulwark.server.audit.AuditFeed;
import dev.bulwark.server.db.JobLocks;
import dev.bulwark.server.db.Transactions;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The forwarders while the server listens: one per enabled destination, started, replaced and stopped as
 * administrators change destinations (at once after a change, and every few seconds for changes made by another
 * node). With several nodes each runs them all, and each destination is sent to by the one node holding its job
 * lock (see {@link Forwarder}).
 */
public final class ForwardJobs implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ForwardJobs.class.getName());
    private static final long RECONCILE_SECONDS = 5;

    private final Transactions tx;
    private final AuditFeed feed;
    private final Deliveries deliveries;
    private final ServerSettings.ForwardingSettings settings;
    private final Clock clock;
    private final JobLocks locks;
    private final ForwardRepository repository = new ForwardRepository();
    private final Map<UUID, Forwarder> running = new HashMap<>();
    private ScheduledExecutorService scheduler;

    ForwardJobs(
            Transactions tx,
            AuditFeed feed,
            Deliveries deliveries,
            ServerSettings.ForwardingSettings settings,
            Clock clock,
            JobLocks locks) {
        this.tx = tx;
        this.feed = feed;
        this.deliveries = deliveries;
        this.settings = settings;
        this.clock = clock;
        this.locks = locks;
    }

    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("audit-forwarding").factory());
        scheduler.scheduleWithFixedDelay(this::reconcile, 0, RECONCILE_SECONDS, TimeUnit.SECONDS);
    }

    /** A destination was added, changed or removed: bring the forwarders in line now. */
    void changed() {
        ScheduledExecutorService s;
        synchronized (this) {
            s = scheduler;
        }
        if (s != null) {
            s.execute(this::reconcile);
        }
    }

    private void reconcile() {
        try {
            List<StoredDestination> wanted = tx.read(repository::list).stream()
                    .filter(StoredDestination::enabled)
                    .toList();
            synchronized (this) {
                if (scheduler == null) {
                    return;
                }
                Map<UUID, StoredDestination> byId = new HashMap<>();
                wanted.forEach(d -> byId.put(d.id(), d));
                running.entrySet().removeIf(entry -> {
                    StoredDestination now = byId.get(entry.getKey());
                    if (now == null
                            || !now.updatedAt()
                                    .equals(entry.getValue().destination().updatedAt())) {
                        entry.getValue().stop();
                        return true;
                    }
                    return false;
                });
                for (StoredDestination d : wanted) {
                    if (!running.containsKey(d.id())) {
                        Forwarder f = new Forwarder(
                                d,
                                () -> deliveries.open(d),
                                feed,
                                tx,
                                settings.batchSize(),
                                settings.maxBackoff(),
                                clock,
                                locks);
                        running.put(d.id(), f);
                        f.start();
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "The forwarding destinations could not be read; trying again soon", e);
        }
    }

    @Override
    public void close() {
        ScheduledExecutorService s;
        synchronized (this) {
            s = scheduler;
            scheduler = null;
        }
        if (s != null) {
            s.shutdown();
            try {
                s.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            running.values().forEach(Forwarder::stop);
            running.clear();
        }
    }
}
