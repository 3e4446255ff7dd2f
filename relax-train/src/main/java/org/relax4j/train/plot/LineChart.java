package org.relax4j.train.plot;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.relax4j.datasets.io.AtomicFiles;

/** A line chart with one or more named series, written as a PNG (XChart, headless). */
public final class LineChart {

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();
    private boolean logY;

    /** A new empty chart. */
    public LineChart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /** Adds a series; points whose y is not finite are dropped. */
    public LineChart add(String name, double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException(
                    "series " + name + " has " + x.length + " x values but " + y.length + " y values");
        }
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(y[i]) && (!logY || y[i] > 0)) {
                xs.add(x[i]);
                ys.add(y[i]);
            }
        }
        series.add(new Series(name, xs, ys, null, null));
        return this;
    }

    /**
     * Adds a series drawn as a line through {@code y} inside a shaded band from {@code lower} to
     * {@code upper} (e.g. a mean over seeds ± its standard error); points where any of the three is
     * not finite are dropped. The band has the line's colour and no legend entry of its own.
     */
    public LineChart addBand(String name, double[] x, double[] y, double[] lower, double[] upper) {
        if (x.length != y.length || x.length != lower.length || x.length != upper.length) {
            throw new IllegalArgumentException("series " + name + " has arrays of different lengths");
        }
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        List<Double> lo = new ArrayList<>();
        List<Double> hi = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            boolean ok = Double.isFinite(y[i]) && Double.isFinite(lower[i]) && Double.isFinite(upper[i]);
            if (ok && (!logY || lower[i] > 0)) {
                xs.add(x[i]);
                ys.add(y[i]);
                lo.add(lower[i]);
                hi.add(upper[i]);
            }
        }
        // the band as a polygon: along the upper edge, then back along the lower one
        List<Double> px = new ArrayList<>(xs);
        List<Double> py = new ArrayList<>(hi);
        for (int i = xs.size() - 1; i >= 0; i--) {
            px.add(xs.get(i));
            py.add(lo.get(i));
        }
        series.add(new Series(name, xs, ys, px, py));
        return this;
    }

    /** Uses a logarithmic y axis (call before {@link #add}). */
    public LineChart logY() {
        this.logY = true;
        return this;
    }

    /**
     * Renders the chart to {@code png} atomically.
     *
     * @throws PlotUnavailableException if this machine cannot render text (no fonts)
     */
    public void write(Path png, int width, int height) throws IOException {
        XYChart chart = new XYChartBuilder()
                .width(width)
                .height(height)
                .title(title)
                .xAxisTitle(xLabel)
                .yAxisTitle(yLabel)
                .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setYAxisLogarithmic(logY);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        Color[] colors = chart.getStyler().getSeriesColors();
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            if (s.x.isEmpty()) {
                continue;
            }
            Color color = colors[i % colors.length];
            if (s.bandX != null) {
                XYSeries band = chart.addSeries(s.name + " (band)", s.bandX, s.bandY);
                Color light = new Color(color.getRed(), color.getGreen(), color.getBlue(), 60);
                band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
                band.setFillColor(light);
                band.setLineColor(light);
                band.setMarker(SeriesMarkers.NONE);
                band.setShowInLegend(false);
            }
            XYSeries xy = chart.addSeries(s.name, s.x, s.y);
            xy.setLineColor(color);
            xy.setMarkerColor(color);
            xy.setMarker(s.x.size() > 60 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        }
        byte[] bytes;
        try {
            bytes = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (LinkageError | InternalError | java.awt.AWTError e) {
            throw new PlotUnavailableException(e);
        }
        AtomicFiles.write(png, bytes);
    }

    /**
     * Readies the plotting machinery before a run: ImageIO writes through memory (its file cache
     * registers a JVM shutdown hook on first use, which fails once Ctrl-C has started the
     * shutdown), and one tiny chart is rendered so that fonts and Java2D are initialised now
     * rather than while the JVM shuts down. Failures are left for the real plots to report.
     */
    public static synchronized void prepareForShutdown() {
        if (prepared) {
            return;
        }
        prepared = true;
        try {
            ImageIO.setUseCache(false);
            ImageIO.scanForPlugins();
            XYChart chart = new XYChartBuilder().width(40).height(30).title("t").build();
            chart.addSeries("s", new double[] {0, 1}, new double[] {0, 1});
            BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException | RuntimeException | LinkageError | InternalError e) {
            // plots will fail later with their own message
        }
    }

    private static boolean prepared;

    /** Renders at the default size, 900×560. */
    public void write(Path png) throws IOException {
        write(png, 900, 560);
    }

    /** A line, and the polygon of its band (null for none). */
    private record Series(String name, List<Double> x, List<Double> y, List<Double> bandX, List<Double> bandY) {}
}
