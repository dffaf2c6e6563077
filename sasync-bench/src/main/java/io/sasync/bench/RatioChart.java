package io.sasync.bench;

import java.util.List;
import java.util.Locale;

/**
 * Draws the report's ratios that have a target as an SVG bar chart, one bar per comparison on a
 * logarithmic axis: green where the ratio meets its target, red where it misses, the target a
 * black mark, the ratio's error a whisker. Plain SVG text, no library.
 */
final class RatioChart {

    private static final int LABEL_WIDTH = 520;
    private static final int PLOT_WIDTH = 380;
    private static final int ROW = 20;
    private static final int TOP = 40;
    private static final double LOW = 0.1;
    private static final double[] TICKS = {0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50};

    private RatioChart() {
    }

    /**
     * @param measured the report's ratios; those without a target are left out
     * @return the chart, an SVG document
     */
    static String svg(List<Report.Measured> measured) {
        List<Report.Measured> rows = measured.stream().filter(m -> !Double.isNaN(m.comparison().target())).toList();
        double high = 2;
        for (Report.Measured m : rows) {
            high = Math.max(high, Math.max(m.ratio() + nanToZero(m.error()), m.comparison().target()) * 1.2);
        }
        int width = LABEL_WIDTH + PLOT_WIDTH + 60;
        int height = TOP + rows.size() * ROW + 30;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"11\">%n", width, height));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        svg.append("<text x=\"4\" y=\"16\" font-size=\"13\">Ratio of sAsync to its baseline, against its target "
                + "(black mark; green: met, red: missed; log scale)</text>\n");
        for (double tick : TICKS) {
            if (tick > high) {
                break;
            }
            double x = x(tick, high);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>%n",
                    x, TOP - 6, x, height - 24));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                    x, TOP - 10, Report.format(tick)));
        }
        int y = TOP;
        for (Report.Measured m : rows) {
            Report.Comparison c = m.comparison();
            boolean met = c.met(m.ratio());
            double end = x(m.ratio(), high);
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s (%s %s)</text>%n",
                    LABEL_WIDTH - 6, y + 14, escape(c.what()), c.kind().label, escape(c.targetText())));
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>%n",
                    LABEL_WIDTH, y + 4, Math.max(1, end - LABEL_WIDTH), ROW - 8, met ? "#2e7d32" : "#c62828"));
            if (!Double.isNaN(m.error()) && m.error() > 0) {
                svg.append(String.format(Locale.ROOT,
                        "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#555\"/>%n",
                        x(Math.max(LOW, m.ratio() - m.error()), high), y + ROW / 2, x(m.ratio() + m.error(), high),
                        y + ROW / 2));
            }
            double target = x(c.target(), high);
            svg.append(String.format(Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"black\" stroke-width=\"2\"/>%n",
                    target, y + 1, target, y + ROW - 1));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s</text>%n",
                    Math.max(end, target) + 4, y + 14, Report.format(m.ratio())));
            y += ROW;
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static double x(double ratio, double high) {
        double clamped = Math.max(LOW, Math.min(high, ratio));
        return LABEL_WIDTH + PLOT_WIDTH * Math.log(clamped / LOW) / Math.log(high / LOW);
    }

    private static double nanToZero(double value) {
        return Double.isNaN(value) ? 0 : value;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
