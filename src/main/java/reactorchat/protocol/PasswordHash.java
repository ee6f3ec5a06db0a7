package reactorchat.protocol;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A password kept as a PBKDF2-HMAC-SHA256 hash, written as one self-describing string:
 * {@code pbkdf2-sha256$ITERATIONS$SALT$HASH}, salt and hash in Base64. Checking a guess costs tens
 * of milliseconds, which is the point (a stolen config file is slow to crack) and why the loop
 * never checks one itself ({@link PasswordChecks}).
 */
public final class PasswordHash {
    static final String SCHEME = "pbkdf2-sha256";
    /**
     * About 50 ms of one core of a small server in 2026. A few times OWASP's old figure for
     * PBKDF2-SHA256 and a third of its current one: the checks share the server with the chat.
     */
    public static final int ITERATIONS = 210_000;
    private static final int MIN_ITERATIONS = 10_000;
    private static final int MAX_ITERATIONS = 10_000_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    private final int iterations;
    private final byte[] salt;
    private final byte[] hash;

    /**
     * A hash of the usual cost that no password matches (one would have to find a PBKDF2 preimage
     * of all zeros): checking a guess for a login that does not exist against it takes as long as
     * for one that does, so the time of an answer does not tell which logins exist.
     */
    public static final PasswordHash NONE = new PasswordHash(ITERATIONS, new byte[SALT_BYTES], new byte[HASH_BYTES]);

    private PasswordHash(int iterations, byte[] salt, byte[] hash) {
        this.iterations = iterations;
        this.salt = salt;
        this.hash = hash;
    }

    /** Hashes {@code password} with a fresh random salt. */
    public static PasswordHash of(char[] password, SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return new PasswordHash(ITERATIONS, salt, derive(password, salt, ITERATIONS));
    }

    /**
     * Reads the string {@link #encoded} writes.
     *
     * @throws IllegalArgumentException saying what is wrong, never repeating {@code text}: it may
     *                                  be a password put where its hash belongs
     */
    public static PasswordHash parse(String text) {
        String[] parts = text.strip().split("\\$", -1);
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            throw new IllegalArgumentException("is not a " + SCHEME + "$ITERATIONS$SALT$HASH password hash");
        }
        int iterations;
        byte[] salt;
        byte[] hash;
        try {
            iterations = Integer.parseInt(parts[1]);
            salt = Base64.getDecoder().decode(parts[2]);
            hash = Base64.getDecoder().decode(parts[3]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "is not a well-formed password hash (its iterations, salt or hash do not parse)");
        }
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS || salt.length < 8 || hash.length != HASH_BYTES) {
            throw new IllegalArgumentException("is not a usable password hash (iterations " + MIN_ITERATIONS + " to "
                    + MAX_ITERATIONS + ", a salt of 8 bytes or more, a hash of " + HASH_BYTES + " bytes)");
        }
        return new PasswordHash(iterations, salt, hash);
    }

    /** Whether {@code given} is the password; slow on purpose, compared in constant time. */
    public boolean matches(String given) {
        char[] chars = given.toCharArray();
        try {
            return MessageDigest.isEqual(hash, derive(chars, salt, iterations));
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BYTES * 8);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JDK", e);
        } finally {
            spec.clearPassword();
        }
    }

    /** The self-describing string, for a config file's {@code oper.NAME = } line. */
    public String encoded() {
        Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
        return SCHEME + "$" + iterations + "$" + base64.encodeToString(salt) + "$" + base64.encodeToString(hash);
    }

    /**
     * The scheme and cost alone: a hash is a secret too (it can be cracked offline), and a record
     * or map holding one may be printed where nobody meant to print it.
     */
    @Override
    public String toString() {
        return SCHEME + "$" + iterations + "$(salt and hash not shown)";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PasswordHash that && iterations == that.iterations && Arrays.equals(salt, that.salt)
                && MessageDigest.isEqual(hash, that.hash);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(salt);
    }
}
