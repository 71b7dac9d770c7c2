package carafe.totp;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.util.Map;

/**
 * A QR code as inline SVG, drawn on the server (ZXing computes the modules): no script, no image
 * request, no inline style, so the pages' Content-Security-Policy stays as it is.
 */
final class QrCode {
    /** The quiet zone around the code, in modules, as scanners need (ISO/IEC 18004: four). */
    private static final int MARGIN = 4;

    private QrCode() {}

    /** The SVG for {@code text}; only dark modules are drawn, as one path. */
    static String svg(String text) {
        try {
            var matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, MARGIN));
            var path = new StringBuilder();
            for (int y = 0; y < matrix.getHeight(); y++) {
                for (int x = 0; x < matrix.getWidth(); x++) {
                    if (matrix.get(x, y)) path.append('M').append(x).append(' ').append(y).append("h1v1h-1z");
                }
            }
            // Only numbers and fixed markup go in, so the page may include it unescaped.
            return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" role=\"img\" "
                    + "aria-label=\"QR code for your authenticator app\" viewBox=\"0 0 " + matrix.getWidth() + " " + matrix.getHeight() + "\" shape-rendering=\"crispEdges\">"
                    + "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + path + "\"/></svg>";
        } catch (WriterException e) {
            throw new IllegalStateException("A QR code could not hold this text", e);
        }
    }
}
