package carafe.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Collects what a logger (and the loggers below it) writes, for tests of what is and is not logged. */
public final class LogCapture implements AutoCloseable {
    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private LogCapture(String name) {
        this.logger = (Logger) LoggerFactory.getLogger(name);
        appender.start();
        logger.addAppender(appender);
    }

    /** Starts collecting the events of logger {@code name}, e.g. "carafe.mail". */
    public static LogCapture of(String name) {
        return new LogCapture(name);
    }

    /** The formatted messages logged at {@code level} so far. */
    public List<String> messages(Level level) {
        synchronized (appender) { // the lock AppenderBase.doAppend holds while adding
            return appender.list.stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    /** Everything logged so far, each event as its formatted message plus its exception's, if any. */
    public String all() {
        synchronized (appender) { // the lock AppenderBase.doAppend holds while adding
            var text = new StringBuilder();
            for (ILoggingEvent event : appender.list) {
                text.append(event.getLevel()).append(' ').append(event.getFormattedMessage()).append('\n');
                if (event.getThrowableProxy() != null) text.append(event.getThrowableProxy().getMessage()).append('\n');
            }
            return text.toString();
        }
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
