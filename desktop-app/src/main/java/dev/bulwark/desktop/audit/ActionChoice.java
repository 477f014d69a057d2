package dev.bulwark.desktop.audit;

import dev.bulwark.model.audit.AuditAction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the action filter asks for: any action, every action of a category, one action, or a quick view's set.
 *
 * @param label what the filter shows
 * @param codes the action codes that match; empty for any action
 */
public record ActionChoice(String label, List<String> codes) {
    public ActionChoice {
        codes = List.copyOf(codes);
    }

    /** No filter on the action. */
    public static ActionChoice any() {
        return new ActionChoice("Any action", List.of());
    }

    /** Every action of {@code category}. */
    public static ActionChoice of(AuditAction.Category category) {
        return new ActionChoice(
                switch (category) {
                    case USERS -> "All user actions";
                    case GROUPS -> "All group actions";
                    case AUTHENTICATION -> "All sign-in and session actions";
                    case ACCESS -> "All permission actions";
                    case AUDIT -> "All audit actions";
                    case VAULT -> "All vault actions";
                },
                Arrays.stream(AuditAction.values())
                        .filter(action -> action.category() == category)
                        .map(AuditAction::code)
                        .toList());
    }

    /** One action. */
    public static ActionChoice of(AuditAction action) {
        return new ActionChoice(action.code(), List.of(action.code()));
    }

    /** Several actions under one name. */
    public static ActionChoice of(String label, AuditAction... actions) {
        return new ActionChoice(
                label, Arrays.stream(actions).map(AuditAction::code).toList());
    }

    /**
     * The choice of exactly {@code codes}, as a person checks them one by one: named like a quick view or category
     * with the same actions, else by its one action, else by how many.
     */
    public static ActionChoice checked(List<String> codes) {
        if (codes.isEmpty()) {
            return any();
        }
        java.util.Set<String> wanted = java.util.Set.copyOf(codes);
        for (QuickView view : QuickView.values()) {
            if (java.util.Set.copyOf(view.action().codes()).equals(wanted)) {
                return new ActionChoice(view.action().label(), codes);
            }
        }
        for (AuditAction.Category category : AuditAction.Category.values()) {
            ActionChoice all = of(category);
            if (java.util.Set.copyOf(all.codes()).equals(wanted)) {
                return new ActionChoice(all.label(), codes);
            }
        }
        return codes.size() == 1
                ? new ActionChoice(codes.getFirst(), codes)
                : new ActionChoice(codes.size() + " actions", codes);
    }

    /** What the filter offers: any action, then each category followed by its actions. */
    public static List<ActionChoice> all() {
        List<ActionChoice> choices = new ArrayList<>();
        choices.add(any());
        for (AuditAction.Category category : AuditAction.Category.values()) {
            choices.add(of(category));
            Arrays.stream(AuditAction.values())
                    .filter(action -> action.category() == category)
                    .map(ActionChoice::of)
                    .forEach(choices::add);
        }
        return List.copyOf(choices);
    }

    /** Whether this choice filters nothing. */
    public boolean isAny() {
        return codes.isEmpty();
    }

    @Override
    public String toString() {
        return label;
    }
}
