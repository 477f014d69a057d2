package dev.bulwark.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.model.Secret;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.auth.MfaEmailRequest;
import dev.bulwark.model.auth.MfaVerifyRequest;
import dev.bulwark.model.auth.RefreshRequest;
import dev.bulwark.model.forward.ForwardDestinationRequest;
import dev.bulwark.model.group.CreateGroupRequest;
import dev.bulwark.model.group.UpdateGroupRequest;
import dev.bulwark.model.mfa.MfaCodeRequest;
import dev.bulwark.model.mfa.UpdateSignInSettingsRequest;
import dev.bulwark.model.oidc.OidcProviderRequest;
import dev.bulwark.model.oidc.OidcTokenRequest;
import dev.bulwark.model.permission.Grants;
import dev.bulwark.model.setup.SetupRequest;
import dev.bulwark.model.token.CreateApiTokenRequest;
import dev.bulwark.model.user.ChangePasswordRequest;
import dev.bulwark.model.user.CreateUserRequest;
import dev.bulwark.model.user.PasswordCheckRequest;
import dev.bulwark.model.user.PasswordResetRequest;
import dev.bulwark.model.user.UpdateUserRequest;
import dev.bulwark.model.user.UserImportRequest;
import dev.bulwark.model.user.UserImportRow;
import dev.bulwark.model.vault.CopiedRequest;
import dev.bulwark.model.vault.CreateVaultEntryRequest;
import dev.bulwark.model.vault.CustomFieldInput;
import dev.bulwark.model.vault.RestoreVersionRequest;
import dev.bulwark.model.vault.RevealRequest;
import dev.bulwark.model.vault.UpdateVaultEntryRequest;
import dev.bulwark.model.vault.VaultShare;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The shape limits of every JSON request body: which fields are required and how long each string (and how
 * long each list) may be. {@link JsonBodies} enforces the lengths before a body is bound, so every string field
 * of every request has a limit; the OpenAPI document publishes the same numbers. Services keep the rules that
 * need meaning (an email's syntax, a password's strength).
 *
 * <p>Where a service checks a limit itself (with its own sentence, and together with its other checks, so a
 * client learns about every bad field at once), the rule says so ({@code checkedByService}) and the body check
 * only refuses values far over it.
 *
 * <p>A new request type gets one {@link #of} line below; {@code FieldLimitsTest} fails until it has one and
 * every string in it has a length.
 */
public final class FieldLimits {
    /** The longest password, token or code a body may carry; the password policy has its own, lower maximum. */
    public static final int SECRET_MAX = 1024;

    private static final int EMAIL = 254;
    private static final int DISPLAY_NAME = 200;
    private static final int VAULT_VALUE = 64 * 1024;
    private static final int CHECK_MAX = 512;
    private static final String[] VAULT_CHECKED = {"name", "username", "url", "secret", "notes", "tags", "customFields"
    };

    private static final Map<Class<?>, Rules> RULES = index(
            of(LoginRequest.class).required("email", "password").max("email", EMAIL, "password", SECRET_MAX),
            of(RefreshRequest.class).required("refreshToken").max("refreshToken", SECRET_MAX),
            of(MfaVerifyRequest.class)
                    .required("challengeId", "method", "code")
                    .max("challengeId", CHECK_MAX, "code", CHECK_MAX),
            of(OidcTokenRequest.class)
                    .required("code", "codeVerifier", "redirectUri")
                    .max("code", CHECK_MAX, "codeVerifier", CHECK_MAX, "redirectUri", 400),
            of(OidcProviderRequest.class)
                    .max(
                            "slug",
                            64,
                            "displayName",
                            DISPLAY_NAME,
                            "issuer",
                            400,
                            "clientId",
                            400,
                            "clientSecret",
                            SECRET_MAX,
                            "scopes",
                            100,
                            "allowedDomains",
                            253)
                    .items("scopes", 20, "allowedDomains", 100),
            of(ForwardDestinationRequest.class)
                    .required("name", "address")
                    .max("name", 100, "address", 500, "trustedCertificates", 20_000, "secret", SECRET_MAX),
            of(MfaEmailRequest.class).required("challengeId").max("challengeId", CHECK_MAX),
            of(MfaCodeRequest.class).max("code", CHECK_MAX, "password", SECRET_MAX),
            of(UpdateSignInSettingsRequest.class)
                    .max("mailHost", 253, "mailUsername", EMAIL, "mailPassword", SECRET_MAX, "mailFrom", EMAIL),
            of(SetupRequest.class)
                    .required("email", "displayName", "password")
                    .max("setupCode", 64, "email", EMAIL, "displayName", DISPLAY_NAME, "password", SECRET_MAX)
                    .checkedByService("email", "displayName"),
            of(PasswordCheckRequest.class)
                    .required("password")
                    .max("password", CHECK_MAX, "email", CHECK_MAX, "displayName", CHECK_MAX)
                    .checkedByService("password", "email", "displayName"),
            of(ChangePasswordRequest.class)
                    .required("currentPassword", "newPassword")
                    .max("currentPassword", SECRET_MAX, "newPassword", SECRET_MAX),
            of(PasswordResetRequest.class).required("temporaryPassword").max("temporaryPassword", SECRET_MAX),
            of(CreateUserRequest.class)
                    .required("email", "displayName", "role", "password")
                    .max("email", EMAIL, "displayName", DISPLAY_NAME, "password", SECRET_MAX)
                    .checkedByService("email", "displayName"),
            of(UpdateUserRequest.class)
                    .required("version")
                    .max("email", EMAIL, "displayName", DISPLAY_NAME)
                    .checkedByService("email", "displayName"),
            of(UserImportRequest.class).required("rows").items("rows", 1_000).checkedByService("rows"),
            of(UserImportRow.class)
                    .required("email", "displayName")
                    .max("email", EMAIL, "displayName", DISPLAY_NAME, "groups", 100)
                    .items("groups", 50)
                    .checkedByService("email", "displayName"),
            of(CreateGroupRequest.class)
                    .required("name")
                    .max("name", 100, "description", 1000)
                    .checkedByService("name", "description"),
            of(UpdateGroupRequest.class)
                    .required("version")
                    .max("name", 100, "description", 1000)
                    .checkedByService("name", "description"),
            of(Grants.class).required("grants"),
            of(CreateApiTokenRequest.class)
                    .required("name")
                    .max("name", 100)
                    .items("modules", 10)
                    .checkedByService("name"),
            of(CreateVaultEntryRequest.class)
                    .required("name", "kind")
                    .max(vaultEntryLengths())
                    .items("tags", 20, "customFields", 50, "sharing", 100)
                    .checkedByService(VAULT_CHECKED),
            of(UpdateVaultEntryRequest.class)
                    .required("version")
                    .max(vaultEntryLengths())
                    .items("tags", 20, "customFields", 50, "sharing", 100)
                    .checkedByService(VAULT_CHECKED),
            of(CustomFieldInput.class)
                    .required("name")
                    .max("name", 64, "value", VAULT_VALUE)
                    .checkedByService("name", "value"),
            of(VaultShare.class).required("groupId", "access"),
            of(RevealRequest.class).max("reason", 500, "field", 64).checkedByService("reason"),
            of(CopiedRequest.class).required("field").max("field", 64),
            of(RestoreVersionRequest.class).required("version"));

    private FieldLimits() {}

    private static Object[] vaultEntryLengths() {
        return new Object[] {
            "name", 200, "username", 200, "url", 2000, "secret", VAULT_VALUE, "notes", VAULT_VALUE, "tags", 40
        };
    }

    /** The rules of {@code type}, if it is a request type. */
    public static Optional<Rules> of(Type type) {
        return type instanceof Class<?> c ? Optional.ofNullable(RULES.get(c)) : Optional.empty();
    }

    /** Every request type with rules. */
    public static Set<Class<?>> requestTypes() {
        return RULES.keySet();
    }

    /**
     * Checks {@code body} against the rules of {@code type} and its nested request types: fields the type does
     * not have, strings over their length, lists over their size and null list items. Values never appear in a message.
     */
    static void check(Class<?> type, JsonNode body, Validator errors) {
        check(type, body, "", errors);
    }

    /**
     * Adds an error for each required top-level field of {@code type} that {@code body} lacks, leaves null or
     * blank. {@link JsonBodies} calls it only when the body already fails, so the answer lists the missing fields
     * the service would have reported too; a body that passes leaves those checks to the service.
     */
    static void checkRequired(Class<?> type, JsonNode body, Validator errors) {
        Rules rules = RULES.get(type);
        if (rules == null) {
            return;
        }
        for (String field : rules.required()) {
            JsonNode value = body.path(field);
            if (value.isMissingNode()
                    || value.isNull()
                    || value.isTextual() && value.textValue().isBlank()) {
                errors.error(field, "This field is required.");
            }
        }
    }

    private static void check(Class<?> type, JsonNode node, String prefix, Validator errors) {
        if (!type.isRecord() || !node.isObject()) {
            return;
        }
        Map<String, RecordComponent> components = Arrays.stream(type.getRecordComponents())
                .collect(Collectors.toMap(RecordComponent::getName, Function.identity()));
        Rules rules = RULES.get(type);
        for (var field : node.properties()) {
            String name = field.getKey();
            String path = prefix + name;
            RecordComponent component = components.get(name);
            if (component == null) {
                errors.error(path, "This field is not known.");
                continue;
            }
            Type declared = component.getGenericType();
            JsonNode value = field.getValue();
            if (value.isArray() && declared instanceof ParameterizedType p && isCollection(p)) {
                int maxItems = rules == null ? Rules.UNNAMED_MAX : rules.enforcedItems(name);
                if (value.size() > maxItems) {
                    errors.error(path, "Use at most " + maxItems + " items.");
                    continue;
                }
                Type item = p.getActualTypeArguments()[0];
                for (int i = 0; i < value.size(); i++) {
                    if (value.get(i).isNull()) {
                        errors.error(path + "[" + i + "]", "A list item must not be null.");
                    } else {
                        checkValue(item, value.get(i), path + "[" + i + "]", rules, name, errors);
                    }
                }
            } else {
                checkValue(declared, value, path, rules, name, errors);
            }
        }
    }

    private static void checkValue(Type type, JsonNode value, String path, Rules rules, String name, Validator errors) {
        if (value.isTextual() && isText(type)) {
            int max = rules == null ? Rules.UNNAMED_MAX : rules.enforcedLength(name);
            if (value.textValue().length() > max) {
                errors.error(path, "Use at most " + max + " characters.");
            }
        } else if (type instanceof Class<?> c && c.isRecord()) {
            check(c, value, path + ".", errors);
        }
    }

    static boolean isText(Type type) {
        return type == String.class || type == Secret.class;
    }

    static boolean isCollection(ParameterizedType type) {
        return type.getRawType() instanceof Class<?> raw && Collection.class.isAssignableFrom(raw);
    }

    private static Rules of(Class<?> type) {
        return new Rules(type, Set.of(), Map.of(), Map.of(), Set.of());
    }

    /**
     * The rules of one request type.
     *
     * @param type the record
     * @param required the fields a valid request always has (published; the service checks them with reasons)
     * @param maxLength the longest value of each string field, or of each string item of a list field
     * @param maxItems the largest size of each list field
     * @param checkedByService fields whose limits the service enforces itself, with its own sentence and together
     *     with its other checks; the body check refuses only values {@value #BACKSTOP_FACTOR} times over them
     */
    public record Rules(
            Class<?> type,
            Set<String> required,
            Map<String, Integer> maxLength,
            Map<String, Integer> maxItems,
            Set<String> checkedByService) {
        /** The cap of a string field the rules do not name; {@code FieldLimitsTest} keeps this from happening. */
        static final int UNNAMED_MAX = 1000;

        /** How far over a service-checked limit the body check starts refusing. */
        static final int BACKSTOP_FACTOR = 4;

        Rules required(String... fields) {
            return new Rules(type, new LinkedHashSet<>(List.of(fields)), maxLength, maxItems, checkedByService);
        }

        Rules max(Object... fieldsAndLengths) {
            return new Rules(type, required, pairs(fieldsAndLengths), maxItems, checkedByService);
        }

        Rules items(Object... fieldsAndSizes) {
            return new Rules(type, required, maxLength, pairs(fieldsAndSizes), checkedByService);
        }

        Rules checkedByService(String... fields) {
            return new Rules(type, required, maxLength, maxItems, Set.of(fields));
        }

        /** The longest value {@code field} may have (published in the OpenAPI document). */
        public int maxLength(String field) {
            return maxLength.getOrDefault(field, UNNAMED_MAX);
        }

        /** The largest size a list {@code field} may have (published in the OpenAPI document). */
        public int maxItems(String field) {
            return maxItems.getOrDefault(field, 1_000);
        }

        int enforcedLength(String field) {
            return checkedByService.contains(field) ? maxLength(field) * BACKSTOP_FACTOR : maxLength(field);
        }

        int enforcedItems(String field) {
            return checkedByService.contains(field) ? maxItems(field) * BACKSTOP_FACTOR : maxItems(field);
        }

        private static Map<String, Integer> pairs(Object... fieldsAndNumbers) {
            Map<String, Integer> map = new HashMap<>();
            for (int i = 0; i < fieldsAndNumbers.length; i += 2) {
                map.put((String) fieldsAndNumbers[i], (Integer) fieldsAndNumbers[i + 1]);
            }
            return Map.copyOf(map);
        }
    }

    private static Map<Class<?>, Rules> index(Rules... all) {
        return Arrays.stream(all).collect(Collectors.toUnmodifiableMap(Rules::type, Function.identity()));
    }
}
