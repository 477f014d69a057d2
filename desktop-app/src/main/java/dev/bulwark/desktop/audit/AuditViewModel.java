package dev.bulwark.desktop.audit;

import com.fasterxml.jackson.core.JacksonException;
import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.ui.Activity;
import dev.bulwark.desktop.ui.BackgroundRunner;
import dev.bulwark.desktop.ui.Problems;
import dev.bulwark.model.Json;
import dev.bulwark.model.audit.AuditAction;
import dev.bulwark.model.audit.AuditChange;
import dev.bulwark.model.audit.AuditEvent;
import dev.bulwark.model.audit.AuditPage;
import dev.bulwark.model.audit.AuditQuery;
import dev.bulwark.model.audit.ChainVerification;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.util.Subscription;

/**
 * The audit trail review: filtered events newest first, read page by page as the list is scrolled, the selected
 * event's details and diff, the chain's integrity, and an optional live tail of new events.
 */
public final class AuditViewModel implements AutoCloseable {
    /** How many events one page holds. */
    static final int PAGE_SIZE = 100;
    /** How often the live tail asks for new events. */
    public static final Duration TAIL_PERIOD = Duration.ofSeconds(3);
    /** How a free period's ends are typed, in the computer's time zone; a date alone is its midnight. */
    public static final String DATE_TIME_FORMAT = "yyyy-MM-dd HH:mm";

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern(DATE_TIME_FORMAT);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd");

    /** How many pages of new events the live tail reads at most before it starts over from the top. */
    private static final int TAIL_PAGES = 5;

    /** The state of the integrity badge. */
    public enum Integrity {
        UNKNOWN,
        CHECKING,
        VERIFIED,
        BROKEN
    }

    /** One line of the detail pane. */
    public record DetailField(String caption, String value) {}

    /** One changed field of the selected event: old and new value as they read on screen. */
    public record ChangeRow(String field, String before, String after) {}

    private final BackgroundRunner runner;
    private final ServerConnection connection;
    private final AuditPreferences preferences;
    private final Clock clock;
    private final Activity verification;
    private final int pageSize;

    private final ObservableList<AuditEvent> events = FXCollections.observableArrayList();
    private final ObservableList<DetailField> details = FXCollections.observableArrayList();
    private final ObservableList<ChangeRow> changes = FXCollections.observableArrayList();
    // One read-only view each: such a view holds its source's listener weakly, so it must live as long as we do.
    private final ObservableList<AuditEvent> eventsView = FXCollections.unmodifiableObservableList(events);
    private final ObservableList<DetailField> detailsView = FXCollections.unmodifiableObservableList(details);
    private final ObservableList<ChangeRow> changesView = FXCollections.unmodifiableObservableList(changes);
    private final ObjectProperty<AuditEvent> selected = new SimpleObjectProperty<>(this, "selected");

    private final ObjectProperty<TimeRange> timeRange = new SimpleObjectProperty<>(this, "timeRange", TimeRange.ALL);
    private final ObjectProperty<ActionChoice> action = new SimpleObjectProperty<>(this, "action", ActionChoice.any());
    private final ObjectProperty<OutcomeChoice> outcome =
            new SimpleObjectProperty<>(this, "outcome", OutcomeChoice.ANY);
    private final StringProperty actor = new SimpleStringProperty(this, "actor", "");
    private final StringProperty ip = new SimpleStringProperty(this, "ip", "");
    private final StringProperty text = new SimpleStringProperty(this, "text", "");
    private final StringProperty targetType = new SimpleStringProperty(this, "targetType", "");
    private final StringProperty target = new SimpleStringProperty(this, "target", "");
    /** The free period as typed, local time ({@link #DATE_TIME_FORMAT}); empty for none. */
    private final StringProperty fromText = new SimpleStringProperty(this, "fromText", "");

    private final StringProperty toText = new SimpleStringProperty(this, "toText", "");
    private final ReadOnlyStringWrapper fromError = new ReadOnlyStringWrapper(this, "fromError", "");
    private final ReadOnlyStringWrapper toError = new ReadOnlyStringWrapper(this, "toError", "");
    /** The bounds of {@link TimeRange#CHOSEN}; {@code null} while no period was chosen. */
    private final ReadOnlyObjectWrapper<Instant> chosenFrom = new ReadOnlyObjectWrapper<>(this, "chosenFrom");

    private final ReadOnlyObjectWrapper<Instant> chosenTo = new ReadOnlyObjectWrapper<>(this, "chosenTo");
    private final ReadOnlyStringWrapper chosenPeriod = new ReadOnlyStringWrapper(this, "chosenPeriod", "");
    private final ReadOnlyObjectWrapper<AuditFilters> appliedFilters =
            new ReadOnlyObjectWrapper<>(this, "appliedFilters");

    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading", false);
    private final ReadOnlyBooleanWrapper hasMore = new ReadOnlyBooleanWrapper(this, "hasMore", false);
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyObjectWrapper<Integrity> integrity =
            new ReadOnlyObjectWrapper<>(this, "integrity", Integrity.UNKNOWN);
    private final ReadOnlyStringWrapper integrityText =
            new ReadOnlyStringWrapper(this, "integrityText", "Not verified yet");
    private final ReadOnlyStringWrapper historyWarning = new ReadOnlyStringWrapper(this, "historyWarning", "");
    private final BooleanProperty liveTail = new SimpleBooleanProperty(this, "liveTail", false);

    /** The query of the list on show, without {@code before}; {@code null} until the first load. */
    private Filter applied;

    private Long nextBefore;
    /** Bumped by every new filter, so answers to an older one are dropped. */
    private long generation;

    private boolean polling;
    private Subscription tail = Subscription.EMPTY;

    /** @param preferences where the pinned checkpoint of each server and the saved views are kept */
    public AuditViewModel(
            BackgroundRunner runner, ServerConnection connection, AuditPreferences preferences, Clock clock) {
        this(runner, connection, preferences, clock, PAGE_SIZE);
    }

    /** @param pageSize how many events one request reads */
    AuditViewModel(
            BackgroundRunner runner,
            ServerConnection connection,
            AuditPreferences preferences,
            Clock clock,
            int pageSize) {
        this.pageSize = pageSize;
        this.runner = runner;
        this.connection = connection;
        this.preferences = preferences;
        this.clock = clock;
        this.verification = new Activity(runner);
        selected.addListener((observable, old, now) -> showDetails(now));
        timeRange.addListener((observable, old, now) -> {
            if (now != TimeRange.CHOSEN) {
                chosenPeriod.set("");
                fromText.set("");
                toText.set("");
            }
        });
        liveTail.addListener((observable, old, on) -> {
            tail.unsubscribe();
            tail = on ? runner.every(TAIL_PERIOD, this::pollNewer) : Subscription.EMPTY;
        });
    }

    /** The page is on show: loads the list the first time, and checks the history unless that ran already. */
    public void open() {
        if (applied == null) {
            apply();
        }
        checkHistory();
    }

    /**
     * Checks the history once per sign-in, as soon as the user is known to read the trail, unless a check ran
     * already: the pinned record must still be there with its hash, and the server recomputes only the records
     * after it, so the check costs what was appended since the last one. {@link #verify()} recomputes it all.
     */
    public void checkHistory() {
        if (integrity.get() == Integrity.UNKNOWN && !verification.busyProperty().get()) {
            check(false);
        }
    }

    /** The filters as they are set now. */
    public AuditFilters filters() {
        boolean chosen = timeRange.get() == TimeRange.CHOSEN && chosenFrom.get() != null;
        return new AuditFilters(
                chosen ? TimeRange.CHOSEN : timeRange.get() == TimeRange.CHOSEN ? TimeRange.ALL : timeRange.get(),
                chosen ? chosenFrom.get() : null,
                chosen ? chosenTo.get() : null,
                action.get(),
                outcome.get(),
                actor.get(),
                ip.get(),
                text.get(),
                targetType.get(),
                target.get());
    }

    /** Sets every filter to {@code filters} and reads the list again. */
    public void apply(AuditFilters filters) {
        set(filters);
        apply();
    }

    /** Narrows the time filter to {@code start}–{@code end}, keeping the other filters, and reads the list again. */
    public void narrowTo(Instant start, Instant end) {
        apply(filters().during(start, end));
    }

    private void set(AuditFilters filters) {
        chosenFrom.set(filters.from());
        chosenTo.set(filters.to());
        chosenPeriod.set(
                filters.from() == null ? "" : AuditText.time(filters.from()) + " – " + AuditText.time(filters.to()));
        timeRange.set(filters.timeRange());
        action.set(filters.action());
        outcome.set(filters.outcome());
        actor.set(filters.actor());
        ip.set(filters.ip());
        text.set(filters.text());
        targetType.set(filters.targetType());
        target.set(filters.target());
        fromText.set(filters.from() == null ? "" : typed(filters.from()));
        toText.set(filters.to() == null ? "" : typed(filters.to()));
        fromError.set("");
        toError.set("");
    }

    private static String typed(Instant instant) {
        return DATE_TIME.format(instant.atZone(ZoneId.systemDefault()));
    }

    /**
     * Takes the free period as typed into the time filter: both ends empty leave the preset (a chosen period
     * without them becomes all time); a start alone runs up to now. Ends that read as the chosen period's keep
     * its exact bounds (a timeline bar's, a saved view's).
     *
     * @return whether the period could be read; when not, {@link #fromErrorProperty()} or {@link
     *     #toErrorProperty()} says why
     */
    boolean takeTypedPeriod() {
        String start = fromText.get() == null ? "" : fromText.get().strip();
        String end = toText.get() == null ? "" : toText.get().strip();
        fromError.set("");
        toError.set("");
        if (start.isEmpty() && end.isEmpty()) {
            if (timeRange.get() == TimeRange.CHOSEN) {
                timeRange.set(TimeRange.ALL);
            }
            return true;
        }
        Optional<Instant> from = start.isEmpty() ? Optional.empty() : parse(start, chosenFrom.get());
        Optional<Instant> to = end.isEmpty() ? Optional.of(clock.instant()) : parse(end, chosenTo.get());
        if (start.isEmpty()) {
            fromError.set("Enter when the period starts, as " + DATE_TIME_FORMAT + ".");
        } else if (from.isEmpty()) {
            fromError.set("Enter a date and time as " + DATE_TIME_FORMAT + ", for example 2026-03-01 08:00.");
        }
        if (to.isEmpty()) {
            toError.set("Enter a date and time as " + DATE_TIME_FORMAT + ", or leave it empty for now.");
        }
        if (from.isEmpty() || to.isEmpty()) {
            return false;
        }
        if (!from.get().isBefore(to.get())) {
            toError.set("The end must come after the start.");
            return false;
        }
        chosenFrom.set(from.get());
        chosenTo.set(to.get());
        chosenPeriod.set(AuditText.time(from.get()) + " – " + AuditText.time(to.get()));
        timeRange.set(TimeRange.CHOSEN);
        return true;
    }

    /** {@code text} as a local date and time; {@code exact} when the text reads as it (it keeps its seconds). */
    private static Optional<Instant> parse(String text, Instant exact) {
        if (exact != null && typed(exact).equals(text)) {
            return Optional.of(exact);
        }
        try {
            return Optional.of(LocalDateTime.parse(text, DATE_TIME)
                    .atZone(ZoneId.systemDefault())
                    .toInstant());
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(LocalDate.parse(text, DATE)
                        .atStartOfDay(ZoneId.systemDefault())
                        .toInstant());
            } catch (DateTimeParseException again) {
                return Optional.empty();
            }
        }
    }

    /** The query of the filters as they are now, without paging; {@code null} bounds for all time. */
    AuditQuery query(int limit) {
        return query(filters(), limit);
    }

    /** The query of {@code f}, without the action (see {@link ActionChoice#codes()}) and paging. */
    AuditQuery query(AuditFilters f, Integer limit) {
        Instant now = clock.instant();
        boolean chosen = f.timeRange() == TimeRange.CHOSEN;
        return new AuditQuery(
                chosen ? f.from() : f.timeRange().from(now),
                chosen ? f.to() : null,
                blankToNull(f.actor()),
                null,
                blankToNull(f.targetType()),
                null,
                f.outcome().outcome(),
                blankToNull(f.ip()),
                blankToNull(f.text()),
                limit,
                null,
                blankToNull(f.target()));
    }

    /** Reads the list again from the newest event with the filters as they are now. */
    public void apply() {
        if (!takeTypedPeriod()) {
            return;
        }
        Filter filter = new Filter(query(pageSize), action.get().codes());
        applied = filter;
        appliedFilters.set(filters());
        long mine = ++generation;
        loading.set(true);
        problem.set("");
        runner.run(
                () -> AuditReader.page(connection.client().audit(), filter.query(), filter.codes()),
                page -> {
                    if (mine != generation) {
                        return;
                    }
                    loading.set(false);
                    selected.set(null);
                    events.setAll(page.events());
                    nextBefore = page.nextBefore();
                    showSummary();
                },
                failure -> failed(mine, failure));
    }

    /** Reads the next older page, if there is one and nothing is loading; scrolling near the end calls this. */
    public void loadMore() {
        if (applied == null || nextBefore == null || loading.get()) {
            return;
        }
        Filter filter = applied;
        AuditQuery query = filter.before(nextBefore);
        long mine = generation;
        loading.set(true);
        problem.set("");
        runner.run(
                () -> AuditReader.page(connection.client().audit(), query, filter.codes()),
                page -> {
                    if (mine != generation) {
                        return;
                    }
                    loading.set(false);
                    events.addAll(page.events());
                    nextBefore = page.nextBefore();
                    showSummary();
                },
                failure -> failed(mine, failure));
    }

    /** Shows the events of {@code event}'s actor, keeping the other filters. */
    public void filterByActor(AuditEvent event) {
        if (event.actor() == null) {
            return;
        }
        actor.set(
                event.actor().userId() != null
                        ? event.actor().userId().toString()
                        : AuditText.orNone(event.actor().email()).equals(AuditText.NONE)
                                ? ""
                                : event.actor().email());
        apply();
    }

    /** Shows the events of {@code event}'s action only, keeping the other filters. */
    public void filterByAction(AuditEvent event) {
        action.set(AuditAction.fromCode(event.action()).map(ActionChoice::of).orElse(ActionChoice.any()));
        apply();
    }

    /** Shows the events of {@code event}'s target (its type and id, or its name without an id). */
    public void filterByTarget(AuditEvent event) {
        targetType.set(event.targetType() == null ? "" : event.targetType());
        target.set(event.targetId() != null ? event.targetId() : event.targetName() == null ? "" : event.targetName());
        apply();
    }

    /** Shows the events from {@code event}'s source address, keeping the other filters. */
    public void filterByAddress(AuditEvent event) {
        ip.set(event.sourceIp() == null ? "" : event.sourceIp());
        apply();
    }

    /** {@code event} as one JSON object, as the API returns it; for the clipboard. */
    public static String json(AuditEvent event) {
        try {
            return Json.lenient().writerWithDefaultPrettyPrinter().writeValueAsString(event);
        } catch (JacksonException e) {
            throw new IllegalStateException("An audit event could not be written as JSON", e);
        }
    }

    /** Shows a quick view: its actions over all time, every other filter cleared. */
    public void show(QuickView view) {
        resetFilters();
        action.set(view.action());
        apply();
    }

    /** Clears every filter and reads the list again. */
    public void clearFilters() {
        resetFilters();
        apply();
    }

    private void resetFilters() {
        set(AuditFilters.none());
    }

    /**
     * Checks that the server's history still holds the checkpoint pinned for it, asks the server to recompute the
     * chain, and when both hold pins the newest verified record; shows the result on the badge. A changed history
     * keeps the old pin, so the warning stays until the history is explained.
     */
    public void verify() {
        check(true);
    }

    private void check(boolean whole) {
        if (verification.busyProperty().get()) {
            return;
        }
        integrity.set(Integrity.CHECKING);
        integrityText.set("Verifying…");
        String server = connection.identity();
        verification.run(
                () -> {
                    HistoryCheck.Result result = HistoryCheck.run(
                            connection.client().audit(), preferences.pinnedCheckpoint(server), clock.instant(), whole);
                    if (result.nowPinned() != null) {
                        preferences.pinCheckpoint(server, result.nowPinned());
                    }
                    return result;
                },
                this::showCheck,
                failure -> {
                    integrity.set(Integrity.UNKNOWN);
                    integrityText.set("Not verified: " + Problems.describe(failure));
                });
    }

    private void showCheck(HistoryCheck.Result result) {
        ChainVerification verified = result.verification();
        if (result.historyChanged()) {
            integrity.set(Integrity.BROKEN);
            integrityText.set(AuditText.historyChanged(result.changed()));
            historyWarning.set(AuditText.historyChanged(result.changed()) + ". " + AuditText.HISTORY_ADVICE);
        } else if (result.signatureProblem() != null) {
            integrity.set(Integrity.BROKEN);
            integrityText.set("Checkpoints not trusted");
            historyWarning.set(result.signatureProblem() + " " + AuditText.KEY_ADVICE);
        } else if (!verified.intact()) {
            integrity.set(Integrity.BROKEN);
            integrityText.set(AuditText.verification(verified));
            historyWarning.set("The audit trail is broken at record " + verified.brokenAt() + ": " + verified.detail()
                    + " " + AuditText.HISTORY_ADVICE);
        } else {
            integrity.set(Integrity.VERIFIED);
            integrityText.set(AuditText.verification(verified));
            historyWarning.set("");
        }
    }

    /** The live tail's step: reads events newer than the newest on show and puts them on top. */
    void pollNewer() {
        if (applied == null || loading.get() || polling) {
            return;
        }
        Filter filter = applied;
        long mine = generation;
        long newest = events.isEmpty() ? 0 : events.getFirst().seq();
        polling = true;
        runner.run(
                () -> newerThan(filter, newest),
                newer -> {
                    polling = false;
                    if (mine != generation) {
                        return;
                    }
                    if (newer == null) {
                        apply();
                        return;
                    }
                    events.addAll(0, newer);
                    showSummary();
                },
                failure -> {
                    polling = false;
                    failed(mine, failure);
                });
    }

    /** Events above {@code newest}, newest first; {@code null} when there are too many to fetch in a few pages. */
    private List<AuditEvent> newerThan(Filter filter, long newest) {
        List<AuditEvent> newer = new ArrayList<>();
        Long before = null;
        for (int read = 0; read < TAIL_PAGES; read++) {
            AuditPage page = AuditReader.page(connection.client().audit(), filter.before(before), filter.codes());
            for (AuditEvent event : page.events()) {
                if (event.seq() <= newest) {
                    return newer;
                }
                newer.add(event);
            }
            if (page.nextBefore() == null) {
                return newer;
            }
            before = page.nextBefore();
        }
        return null;
    }

    private void failed(long mine, RuntimeException failure) {
        if (mine != generation) {
            return;
        }
        loading.set(false);
        problem.set(Problems.describe(failure));
    }

    private void showSummary() {
        hasMore.set(nextBefore != null);
        int count = events.size();
        String shown = count == 1 ? "1 event" : count + " events";
        summary.set(nextBefore != null ? shown + " shown; scroll down for older ones" : shown);
    }

    private void showDetails(AuditEvent event) {
        if (event == null) {
            details.clear();
            changes.clear();
            return;
        }
        // In pairs, as the detail pane shows them side by side.
        details.setAll(
                new DetailField("Time", AuditText.time(event.occurredAt())),
                new DetailField("Time (UTC)", String.valueOf(event.occurredAt())),
                new DetailField("Action", event.action()),
                new DetailField("Category", AuditText.orNone(event.category())),
                new DetailField("Outcome", AuditText.outcome(event.outcome())),
                new DetailField("Reason", AuditText.orNone(event.reason())),
                new DetailField("Actor", AuditText.actor(event.actor())),
                new DetailField(
                        "Actor id",
                        event.actor() == null || event.actor().userId() == null
                                ? AuditText.NONE
                                : event.actor().userId().toString()),
                new DetailField("Sign-in method", AuditText.orNone(event.authMethod())),
                new DetailField("Source IP", AuditText.orNone(event.sourceIp())),
                new DetailField("Client", AuditText.orNone(event.client())),
                new DetailField("Request id", AuditText.orNone(event.requestId())),
                new DetailField("Target type", AuditText.orNone(event.targetType())),
                new DetailField("Target id", AuditText.orNone(event.targetId())),
                new DetailField("Target name", AuditText.orNone(event.targetName())),
                new DetailField("Sequence", Long.toString(event.seq())),
                new DetailField("Event id", String.valueOf(event.id())),
                new DetailField("Chain hash", AuditText.orNone(event.hash())));
        Map<String, AuditChange> diff = event.diff() == null ? Map.of() : new TreeMap<>(event.diff());
        changes.setAll(diff.entrySet().stream()
                .map(entry -> new ChangeRow(
                        entry.getKey(),
                        AuditText.value(entry.getValue().before()),
                        AuditText.value(entry.getValue().after())))
                .toList());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** Stops the live tail. */
    @Override
    public void close() {
        liveTail.set(false);
        tail.unsubscribe();
        tail = Subscription.EMPTY;
    }

    private record Filter(AuditQuery query, List<String> codes) {
        AuditQuery before(Long before) {
            AuditQuery q = query;
            return new AuditQuery(
                    q.from(),
                    q.to(),
                    q.actor(),
                    q.action(),
                    q.targetType(),
                    q.targetId(),
                    q.outcome(),
                    q.ip(),
                    q.q(),
                    q.limit(),
                    before,
                    q.target());
        }
    }

    /** The events on show, newest first. */
    public ObservableList<AuditEvent> events() {
        return eventsView;
    }

    /** Every field of the selected event; empty when none is selected. */
    public ObservableList<DetailField> details() {
        return detailsView;
    }

    /** The selected event's diff, by field name. */
    public ObservableList<ChangeRow> changes() {
        return changesView;
    }

    /** The event the detail pane shows; the list's selection. */
    public ObjectProperty<AuditEvent> selectedProperty() {
        return selected;
    }

    /** The filters of the list on show; {@code null} until the first load. The timeline and export follow it. */
    public ReadOnlyObjectProperty<AuditFilters> appliedFiltersProperty() {
        return appliedFilters.getReadOnlyProperty();
    }

    /** The chosen period as it reads, such as a timeline bar's; empty unless the time range is a chosen period. */
    public ReadOnlyStringProperty chosenPeriodProperty() {
        return chosenPeriod.getReadOnlyProperty();
    }

    public ObjectProperty<TimeRange> timeRangeProperty() {
        return timeRange;
    }

    public ObjectProperty<ActionChoice> actionProperty() {
        return action;
    }

    public ObjectProperty<OutcomeChoice> outcomeProperty() {
        return outcome;
    }

    /** An actor's email or user id. */
    public StringProperty actorProperty() {
        return actor;
    }

    public StringProperty ipProperty() {
        return ip;
    }

    /** Free text matched against actor, target, reason and action. */
    public StringProperty textProperty() {
        return text;
    }

    /** The kind of target ({@code user}, {@code group}, {@code vault-entry}, …); empty for any. */
    public StringProperty targetTypeProperty() {
        return targetType;
    }

    /** A target's id or name; empty for any. */
    public StringProperty targetProperty() {
        return target;
    }

    /** The start of a free period as typed ({@link #DATE_TIME_FORMAT}); empty for a preset. */
    public StringProperty fromTextProperty() {
        return fromText;
    }

    /** The end of a free period as typed; empty for now. */
    public StringProperty toTextProperty() {
        return toText;
    }

    /** Why the typed start cannot be used; empty when it can. */
    public ReadOnlyStringProperty fromErrorProperty() {
        return fromError.getReadOnlyProperty();
    }

    /** Why the typed end cannot be used; empty when it can. */
    public ReadOnlyStringProperty toErrorProperty() {
        return toError.getReadOnlyProperty();
    }

    /** Whether a page is being read. */
    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** Whether older events than those on show match the filter. */
    public ReadOnlyBooleanProperty hasMoreProperty() {
        return hasMore.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** How many events are on show, and whether there are more. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Integrity> integrityProperty() {
        return integrity.getReadOnlyProperty();
    }

    /** "Verified up to N" or "Broken at M: why". */
    public ReadOnlyStringProperty integrityTextProperty() {
        return integrityText.getReadOnlyProperty();
    }

    /**
     * A warning for every screen while the trail's history was changed or its chain is broken; empty otherwise.
     */
    public ReadOnlyStringProperty historyWarningProperty() {
        return historyWarning.getReadOnlyProperty();
    }

    /** Whether a verification is running. */
    public ReadOnlyBooleanProperty verifyingProperty() {
        return verification.busyProperty();
    }

    /** While on, new events are read every {@link #TAIL_PERIOD} and put on top. */
    public BooleanProperty liveTailProperty() {
        return liveTail;
    }
}
