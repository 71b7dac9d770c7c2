package carafe.mail;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.UnsupportedEncodingException;
import java.net.IDN;
import java.nio.charset.StandardCharsets;

/** Checks the addresses Carafe puts in headers, so no input can add or change a header. */
public final class MailAddresses {
    private static final int MAX_LENGTH = 254; // RFC 5321 path limit

    private MailAddresses() {}

    /**
     * A single bare address ({@code name@example.com}), or an {@link IllegalArgumentException} saying
     * why not. A domain in
     * Unicode is converted to its ASCII (punycode) form; a local part outside ASCII is refused, because
     * sending it needs SMTPUTF8, which not every server offers.
     */
    public static String recipient(String address) {
        if (address == null || address.isBlank()) throw new IllegalArgumentException("the address is empty");
        if (address.chars().anyMatch(Character::isISOControl)) {
            // CR/LF would end the To header and start another one (header injection).
            throw new IllegalArgumentException("an address has no control characters");
        }
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            throw new IllegalArgumentException("it is not an address such as name@example.com");
        }
        String local = address.substring(0, at);
        if (!StandardCharsets.US_ASCII.newEncoder().canEncode(local)) {
            throw new IllegalArgumentException("the part before the @ must be ASCII");
        }
        String domain;
        try {
            domain = IDN.toASCII(address.substring(at + 1), IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the domain is not a valid domain name", e);
        }
        String ascii = local + "@" + domain;
        if (ascii.length() > MAX_LENGTH) throw new IllegalArgumentException("an address is at most 254 characters");
        try {
            var parsed = new InternetAddress(ascii, true);
            // "Name <a@b>" or "a@b, c@d" parse too, but a recipient is exactly one bare address.
            if (parsed.getPersonal() != null || parsed.isGroup() || !ascii.equals(parsed.getAddress())) {
                throw new IllegalArgumentException("it must be one bare address such as name@example.com");
            }
        } catch (AddressException e) {
            throw new IllegalArgumentException("it is not an address such as name@example.com", e);
        }
        return ascii;
    }

    /** Whether {@link #recipient} accepts the address. */
    public static boolean isUsableRecipient(String address) {
        try {
            recipient(address);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The From address, as CARAFE_MAIL_FROM gives it: {@code Name <address@example.com>} or a bare
     * address; an exception saying why it is unusable otherwise.
     */
    public static InternetAddress sender(String from) {
        if (from == null || from.isBlank()) throw new IllegalArgumentException("it is empty");
        if (from.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("it contains control characters");
        }
        try {
            InternetAddress[] parsed = InternetAddress.parse(from, true);
            if (parsed.length != 1 || parsed[0].isGroup()) {
                throw new IllegalArgumentException("it must be exactly one address");
            }
            // The same rules as any address Carafe sends to; a Unicode domain becomes punycode.
            String address = recipient(parsed[0].getAddress());
            return new InternetAddress(address, parsed[0].getPersonal(), "UTF-8");
        } catch (AddressException | UnsupportedEncodingException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
