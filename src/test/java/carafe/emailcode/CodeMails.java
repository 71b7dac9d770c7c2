package carafe.emailcode;

import carafe.support.Eventually;
import carafe.support.Html;
import carafe.support.MailServer;
import carafe.support.Mails;
import jakarta.mail.internet.MimeMessage;
import java.util.List;

/** Reading sign-in codes out of the mails GreenMail received, as a person would. */
final class CodeMails {
    static final String SUBJECT = "Your sign-in code";

    private CodeMails() {}

    /** The code in the first sign-in code mail to {@code address}, waiting for it. */
    static String first(MailServer mail, String address) {
        return codeIn(mail.awaitSubject(address, SUBJECT));
    }

    /** The codes mailed to {@code address}, in the order received, once there are at least {@code count}. */
    static List<String> all(MailServer mail, String address, int count) {
        Eventually.until(count + " sign-in code mails to " + address, () -> mailsTo(mail, address).size() >= count);
        return mailsTo(mail, address).stream().map(CodeMails::codeIn).toList();
    }

    static List<MimeMessage> mailsTo(MailServer mail, String address) {
        return mail.receivedBy(address).stream().filter(m -> Mails.subject(m).equals(SUBJECT)).toList();
    }

    static String codeIn(MimeMessage message) {
        return Html.firstGroup(Mails.text(message), "Your code is:\\s+(\\d{8})\\s");
    }

    /** A code of the right form that is not {@code code}. */
    static String otherThan(String code) {
        return code.equals("00000000") ? "11111111" : "00000000";
    }
}
