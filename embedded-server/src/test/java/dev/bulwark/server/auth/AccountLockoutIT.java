package dev.bulwark.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.model.audit.AuditAction;
import dev.bulwark.model.audit.AuditEvent;
import dev.bulwark.model.audit.AuditQuery;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.user.Role;
import dev.bulwark.model.user.UserDetails;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.IdentityFixtures;
import dev.bulwark.server.TestClock;
import dev.bulwark.server.TestServers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PRODUCT §2 "Brute force": accounts lock after repeated failures, over real HTTP with the server's clock moved. */
class AccountLockoutIT {
    private static final String LEE = "lee@example.com";
    private static final String WRONG = "not the password at all";

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private BulwarkServer server;
    private BulwarkClient admin;
    private UUID leeId;
    private RawSignIn signIn;

    private void start(Map<String, String> environment) {
        server = TestServers.embedded(dir, environment, clock);
        TestServers.createAdmin(server);
        admin = IdentityFixtures.admin(server);
        leeId = IdentityFixtures.createUser(admin, LEE, "Lee", Role.USER).user().id();
        signIn = new RawSignIn(server);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private HttpResponse<String> wrong() {
        return signIn.attempt(LEE, WRONG);
    }

    private HttpResponse<String> right() {
        return signIn.attempt(LEE, IdentityFixtures.PASSWORD);
    }

    private HttpResponse<String> failTimes(int times) {
        HttpResponse<String> last = null;
        for (int i = 0; i < times; i++) {
            last = wrong();
            assertThat(last.statusCode()).isEqualTo(401);
        }
        return last;
    }

    private UserDetails lee() {
        return admin.users().get(leeId);
    }

    private List<AuditEvent> audited(AuditAction action) {
        return admin.audit()
                .events(new AuditQuery(null, null, null, action.code(), null, null, null, null, null, 1000, null))
                .events();
    }

    @Test
    void tenWrongPasswords_lockTheAccount_andTheRightPasswordThenGetsExactlyTheAnswerOfAWrongOne() {
        start(Map.of());
        HttpResponse<String> tenth = failTimes(10);

        HttpResponse<String> withRightPassword = right();

        assertThat(withRightPassword.statusCode()).isEqualTo(tenth.statusCode()).isEqualTo(401);
        assertThat(RawSignIn.problemWithoutRequestId(withRightPassword))
                .isEqualTo(RawSignIn.problemWithoutRequestId(tenth))
                .contains(ProblemType.INVALID_CREDENTIALS.slug());
        assertThat(withRightPassword.headers().firstValue("Content-Type"))
                .isEqualTo(tenth.headers().firstValue("Content-Type"));
        assertThat(withRightPassword.headers().firstValue("Retry-After")).isEmpty();
        assertThat(admin.users().sessions(leeId).items()).isEmpty();
        assertThat(lee().lockedUntil()).isEqualTo(clock.instant().plus(Duration.ofMinutes(1)));
        assertThat(lee().failedSignIns()).isEqualTo(10);
    }

    @Test
    void nineWrongPasswords_doNotLock_andASuccessStartsTheCountAgain() {
        start(Map.of());
        failTimes(9);
        assertThat(lee().lockedUntil()).isNull();
        assertThat(right().statusCode()).isEqualTo(200);
        assertThat(lee().failedSignIns()).isZero();

        failTimes(9);

        assertThat(right().statusCode()).isEqualTo(200);
    }

    @Test
    void afterTheWait_theRightPasswordSignsInAgain_andResetsTheCount() {
        start(Map.of());
        failTimes(10);
        clock.advance(Duration.ofSeconds(59));
        assertThat(right().statusCode()).isEqualTo(401);

        clock.advance(Duration.ofSeconds(1));

        assertThat(right().statusCode()).isEqualTo(200);
        assertThat(lee().lockedUntil()).isNull();
        assertThat(lee().failedSignIns()).isZero();
    }

    @Test
    void afterEachLock_aFreshRunOfTenFailuresLocksAgain_forTwiceAsLong_upToFifteenMinutes() {
        start(Map.of());
        failTimes(10);
        assertThat(lee().lockedUntil()).isEqualTo(clock.instant().plus(Duration.ofMinutes(1)));
        for (long minutes : new long[] {2, 4, 8, 15, 15}) {
            clock.advance(Duration.between(clock.instant(), lee().lockedUntil()));
            failTimes(9);
            assertThat(lee().lockedUntil())
                    .as("nine failures after a lock ended")
                    .isNull();
            failTimes(1);
            assertThat(lee().lockedUntil())
                    .as("the wait after ten more failures")
                    .isEqualTo(clock.instant().plus(Duration.ofMinutes(minutes)));
        }
    }

    @Test
    void attemptsDuringALock_areNotCounted_soTheyCannotProlongIt() {
        start(Map.of());
        failTimes(10);
        failTimes(20);

        clock.advance(Duration.ofMinutes(1));

        assertThat(right().statusCode()).isEqualTo(200);
    }

    @Test
    void noAccountGetsMoreThanTheHourlyCapOfFailedPasswordChecks_evenWithLockoutOff() {
        start(Map.of("BULWARK_SIGN_IN_LOCKOUT_THRESHOLD", "1000"));
        assertThat(right().statusCode())
                .as("Lee signs in once, so 127.0.0.1 is Lee's own address")
                .isEqualTo(200);
        Instant first = clock.instant();
        for (int i = 0; i < 100; i++) {
            assertThat(wrong().statusCode()).isEqualTo(401);
            clock.advance(Duration.ofSeconds(6));
        }
        assertThat(audited(AuditAction.AUTH_LOGIN_FAILURE))
                .filteredOn(e -> e.reason().startsWith("The password is not correct"))
                .hasSize(100);

        assertThat(right().statusCode()).as("the 101st attempt in the hour").isEqualTo(401);
        assertThat(lee().lockedUntil()).isEqualTo(first.plus(Duration.ofHours(1)));
        assertThat(audited(AuditAction.AUTH_LOGIN_FAILURE))
                .filteredOn(e -> e.reason().startsWith("The password is not correct"))
                .hasSize(100);

        clock.advance(Duration.between(
                clock.instant(), first.plus(Duration.ofHours(1)).minusSeconds(1)));
        assertThat(right().statusCode()).as("still within the hour").isEqualTo(401);
        clock.advance(Duration.ofSeconds(1));
        assertThat(right().statusCode())
                .as("the first failure has left the hour")
                .isEqualTo(200);
    }

    @Test
    void concurrentGuesses_andSignIns_neverExceedTheHourlyCap() throws Exception {
        start(Map.of("BULWARK_SIGN_IN_LOCKOUT_THRESHOLD", "1000", "BULWARK_SIGN_IN_MAX_FAILURES_PER_HOUR", "20"));
        List<Integer> statuses = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            for (int t = 0; t < 8; t++) {
                int thread = t;
                pool.submit(() -> {
                    for (int i = 0; i < 6; i++) {
                        statuses.add((thread == 0 ? right() : wrong()).statusCode());
                    }
                });
            }
        }

        assertThat(statuses).hasSize(48).containsOnly(200, 401);
        assertThat(audited(AuditAction.AUTH_LOGIN_FAILURE))
                .filteredOn(e -> e.reason().startsWith("The password is not correct"))
                .isNotEmpty()
                .hasSizeLessThanOrEqualTo(20);
    }

    @Test
    void theLock_survivesARestartOfTheServer() {
        start(Map.of());
        failTimes(10);
        server.close();

        server = TestServers.embedded(dir, Map.of(), clock);
        admin = IdentityFixtures.admin(server);
        signIn = new RawSignIn(server);

        assertThat(right().statusCode()).isEqualTo(401);
        assertThat(lee().lockedUntil()).isNotNull();
    }

    @Test
    void anAdministrator_unlocksALockedUser_whoCanSignInAtOnce() {
        start(Map.of());
        failTimes(10);

        UserDetails unlocked = admin.users().unlock(leeId);

        assertThat(unlocked.lockedUntil()).isNull();
        assertThat(unlocked.failedSignIns()).isZero();
        assertThat(right().statusCode()).isEqualTo(200);
    }

    @Test
    void unlocking_needsUsersWrite() {
        start(Map.of());
        IdentityFixtures.createUser(admin, "reader@example.com", "Reader", Role.USER);
        BulwarkClient reader = IdentityFixtures.signIn(server, "reader@example.com");
        failTimes(10);

        var refused = org.assertj.core.api.Assertions.catchThrowableOfType(
                dev.bulwark.model.problem.ApiException.class,
                () -> reader.users().unlock(leeId));

        assertThat(refused.type()).isEqualTo(ProblemType.FORBIDDEN);
        assertThat(lee().lockedUntil()).isNotNull();
    }

    @Test
    void everyFailure_theLock_andTheUnlock_areAudited() {
        start(Map.of());
        failTimes(10);
        right();
        admin.users().unlock(leeId);

        List<AuditEvent> failures = audited(AuditAction.AUTH_LOGIN_FAILURE);
        assertThat(failures).hasSize(11).allSatisfy(e -> {
            assertThat(e.actor().email()).isEqualTo(LEE);
            assertThat(e.targetId()).isEqualTo(leeId.toString());
        });
        assertThat(failures)
                .extracting(AuditEvent::reason)
                .filteredOn(r -> r.startsWith("The account is locked until"))
                .hasSize(1);
        List<AuditEvent> locks = audited(AuditAction.AUTH_LOCKOUT);
        assertThat(locks).singleElement().satisfies(e -> {
            assertThat(e.targetId()).isEqualTo(leeId.toString());
            assertThat(e.reason()).startsWith("Locked for 1 minute").contains("10 failed sign-ins in a row");
        });
        assertThat(audited(AuditAction.USER_UNLOCK)).singleElement().satisfies(e -> {
            assertThat(e.targetId()).isEqualTo(leeId.toString());
            assertThat(e.diff()).containsKey("lockedUntil");
        });
        assertThat(admin.audit().verify().intact()).isTrue();
    }

    @Test
    void theUserList_showsWhoIsLocked() {
        start(Map.of());
        failTimes(10);

        var page = admin.users().search(null, 50, null);

        assertThat(page.items())
                .filteredOn(u -> u.user().id().equals(leeId))
                .singleElement()
                .satisfies(u -> assertThat(u.lockedAt(clock.instant())).isTrue());
        assertThat(page.items())
                .filteredOn(u -> !u.user().id().equals(leeId))
                .allSatisfy(u -> assertThat(u.lockedUntil()).isNull());
    }

    private HttpResponse<String> wrongFrom(String ip) {
        return new RawSignIn(server, ip).attempt(LEE, WRONG);
    }

    private HttpResponse<String> rightFrom(String ip) {
        return new RawSignIn(server, ip).attempt(LEE, IdentityFixtures.PASSWORD);
    }

    private long passwordChecks() {
        return audited(AuditAction.AUTH_LOGIN_FAILURE).stream()
                .filter(e -> e.reason().startsWith("The password is not correct"))
                .count();
    }

    @Test
    void afterALockEnds_aTrickleOfFailuresFromOtherAddresses_neitherRelocksTheAccount_norKeepsTheOwnerOut() {
        start(Map.of());
        assertThat(right().statusCode()).as("Lee signs in from 127.0.0.1").isEqualTo(200);
        for (int i = 0; i < 10; i++) {
            assertThat(wrongFrom("127.0.0.2").statusCode()).isEqualTo(401);
        }
        assertThat(lee().lockedUntil()).as("locked for strangers").isAfter(clock.instant());
        assertThat(rightFrom("127.0.0.3").statusCode())
                .as("a new address during the lock")
                .isEqualTo(401);
        clock.advance(Duration.ofMinutes(1));

        for (int i = 0; i < 8; i++) {
            assertThat(wrongFrom("127.0.0." + (3 + i % 4)).statusCode()).isEqualTo(401);
            assertThat(lee().lockedUntil())
                    .as("one failure after the lock ended")
                    .isNull();
            clock.advance(Duration.ofMinutes(15));
        }

        assertThat(rightFrom("127.0.0.9").statusCode())
                .as("Lee from a new address")
                .isEqualTo(200);
        assertThat(right().statusCode()).as("Lee from 127.0.0.1").isEqualTo(200);
    }

    @Test
    void strangersWhoKeepTheAccountLocked_stillCannotLockItsOwnerOutOfTheAddressTheyUse() {
        start(Map.of());
        assertThat(right().statusCode()).as("Lee signs in from 127.0.0.1").isEqualTo(200);
        for (int round = 0; round < 6; round++) {
            for (int i = 0; i < 10; i++) {
                wrongFrom("127.0.0." + (2 + round));
            }
            assertThat(lee().lockedUntil()).isAfter(clock.instant());

            assertThat(right().statusCode())
                    .as("Lee from 127.0.0.1 in round " + round)
                    .isEqualTo(200);

            clock.advance(Duration.between(clock.instant(), lee().lockedUntil()));
        }
        assertThat(audited(AuditAction.AUTH_LOCKOUT)).hasSize(6);
    }

    @Test
    void strangersGetAtMostNinetyOfTheHourlyHundred_soTheOwnerKeepsTen_andTheAccountNeverExceedsAHundred() {
        start(Map.of("BULWARK_SIGN_IN_LOCKOUT_THRESHOLD", "1000"));
        assertThat(right().statusCode()).as("Lee signs in from 127.0.0.1").isEqualTo(200);
        for (int i = 0; i < 95; i++) {
            assertThat(wrongFrom("127.0.0." + (2 + i % 50)).statusCode()).isEqualTo(401);
        }
        assertThat(passwordChecks()).as("password checks for strangers").isEqualTo(90);

        assertThat(right().statusCode()).as("Lee from 127.0.0.1").isEqualTo(200);
        for (int i = 0; i < 15; i++) {
            wrong();
        }

        assertThat(passwordChecks()).as("password checks in the hour").isEqualTo(100);
        assertThat(right().statusCode()).as("the cap is spent").isEqualTo(401);
    }

    @Test
    void wrongCurrentPasswords_ofAPasswordChange_countIntoTheLockout_andLockedTheRightOneIsRefusedAlike() {
        start(Map.of());
        BulwarkClient session = IdentityFixtures.signIn(server, LEE);
        for (int i = 0; i < 10; i++) {
            var refused = org.assertj.core.api.Assertions.catchThrowableOfType(
                    dev.bulwark.model.problem.ApiException.class, () -> session.me()
                            .changePassword(new dev.bulwark.model.user.ChangePasswordRequest(
                                    dev.bulwark.model.Secret.of(WRONG),
                                    dev.bulwark.model.Secret.of("a brand new passphrase 42"))));
            assertThat(refused.type()).isEqualTo(ProblemType.VALIDATION_FAILED);
        }

        var locked = org.assertj.core.api.Assertions.catchThrowableOfType(
                dev.bulwark.model.problem.ApiException.class, () -> session.me()
                        .changePassword(new dev.bulwark.model.user.ChangePasswordRequest(
                                dev.bulwark.model.Secret.of(IdentityFixtures.PASSWORD),
                                dev.bulwark.model.Secret.of("a brand new passphrase 42"))));

        assertThat(locked.type()).isEqualTo(ProblemType.VALIDATION_FAILED);
        assertThat(locked.detail()).endsWith("The current password is not correct.");
        assertThat(right().statusCode()).as("sign-in from the same address").isEqualTo(401);
        assertThat(lee().lockedUntil()).isAfter(clock.instant());
        assertThat(audited(AuditAction.USER_PASSWORD_CHANGE)).hasSize(11).allSatisfy(e -> assertThat(e.outcome())
                .isEqualTo(dev.bulwark.model.audit.AuditOutcome.DENIED));
        assertThat(audited(AuditAction.AUTH_LOCKOUT)).singleElement().satisfies(e -> assertThat(e.targetId())
                .isEqualTo(leeId.toString()));
    }

    @Test
    void theHourlyCap_countsWrongCurrentPasswordsAndWrongSignInsTogether() {
        start(Map.of("BULWARK_SIGN_IN_LOCKOUT_THRESHOLD", "1000"));
        BulwarkClient session = IdentityFixtures.signIn(server, LEE);
        for (int i = 0; i < 50; i++) {
            wrong();
            org.assertj.core.api.Assertions.catchThrowable(() -> session.me()
                    .changePassword(new dev.bulwark.model.user.ChangePasswordRequest(
                            dev.bulwark.model.Secret.of(WRONG),
                            dev.bulwark.model.Secret.of("a brand new passphrase 42"))));
        }

        assertThat(right().statusCode()).as("the 101st check in the hour").isEqualTo(401);
        clock.advance(Duration.ofHours(1));
        assertThat(right().statusCode()).isEqualTo(200);
    }
}
