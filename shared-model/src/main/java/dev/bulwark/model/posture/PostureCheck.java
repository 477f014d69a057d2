package dev.bulwark.model.posture;

/**
 * One item of the posture report (PRODUCT §7): a check of the server's set-up against the pre-deployment
 * checklist.
 *
 * @param id a stable name, for example {@code master-key} or {@code hash-iterations}
 * @param status pass, warn or fail
 * @param title what is checked, in a few words
 * @param detail what was found on this server, in one sentence; never a secret
 * @param why why it matters
 * @param fix how to fix it; empty when the check passes and there is nothing to do
 */
public record PostureCheck(String id, PostureStatus status, String title, String detail, String why, String fix) {}
