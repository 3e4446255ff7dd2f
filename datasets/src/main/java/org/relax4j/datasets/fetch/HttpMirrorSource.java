package org.relax4j.datasets.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads {@code <base URL><file name>.gz} for each wanted file. Connecting (name resolution
 * included) is bounded by a short timeout so an unreachable mirror fails fast; after the first
 * connection failure the mirror is abandoned for the remaining files.
 */
public final class HttpMirrorSource implements Source {

    private static final Logger LOG = LoggerFactory.getLogger(HttpMirrorSource.class);

    /** Default bound on connecting and receiving the response headers. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final URI base;
    private final Duration connectTimeout;

    /** A mirror at {@code baseUrl} (ending in '/') with the default 5 s connect timeout. */
    public HttpMirrorSource(String baseUrl) {
        this(URI.create(baseUrl), DEFAULT_CONNECT_TIMEOUT);
    }

    /** A mirror at {@code base} with the given connect timeout. */
    public HttpMirrorSource(URI base, Duration connectTimeout) {
        String s = base.toString();
        this.base = s.endsWith("/") ? base : URI.create(s + "/");
        this.connectTimeout = connectTimeout;
    }

    @Override
    public String description() {
        return "HTTP mirror " + base;
    }

    @Override
    public Map<String, Path> deliver(List<IdxFileSpec> wanted, Path stagingDir) throws IOException {
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        Map<String, Path> out = new LinkedHashMap<>();
        String lastProblem = null;
        for (IdxFileSpec spec : wanted) {
            URI uri = base.resolve(spec.gzName());
            Path dst = stagingDir.resolve(spec.gzName());
            try {
                download(client, uri, dst);
                out.put(spec.fileName(), dst);
            } catch (UnreachableException e) {
                lastProblem = e.getMessage();
                LOG.debug("{} is unreachable ({}); skipping it", base, e.getMessage());
                break;
            } catch (IOException e) {
                lastProblem = uri + ": " + e.getMessage();
                LOG.warn("Download of {} failed: {}", uri, e.getMessage());
                Files.deleteIfExists(dst);
            }
        }
        if (out.isEmpty()) {
            throw new IOException(lastProblem == null ? "nothing downloaded" : lastProblem);
        }
        return out;
    }

    private void download(HttpClient client, URI uri, Path dst) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(connectTimeout.plusSeconds(10))
                .header("User-Agent", "relax4j")
                .GET()
                .build();
        LOG.info("Trying {}", uri);
        HttpResponse<InputStream> response;
        CompletableFuture<HttpResponse<InputStream>> future =
                client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
        try {
            // Bounds name resolution too, which the connect timeout may not cover.
            response = future.get(connectTimeout.toMillis() + 10_000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new UnreachableException(
                    "no response from " + uri.getHost() + " within " + (connectTimeout.toSeconds() + 10) + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting to " + uri.getHost(), e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof HttpConnectTimeoutException) {
                throw new UnreachableException(
                        "connecting to " + uri.getHost() + " timed out after " + connectTimeout.toSeconds() + " s");
            }
            if (c instanceof ConnectException) {
                Throwable root = c.getCause() != null ? c.getCause() : c;
                String why = root.getMessage() != null
                        ? root.getMessage()
                        : root.getClass().getSimpleName();
                if (root instanceof java.nio.channels.UnresolvedAddressException) {
                    why = "cannot resolve host name";
                }
                throw new UnreachableException("cannot connect to " + uri.getHost() + ": " + why);
            }
            throw new IOException(c == null ? e.toString() : c.toString(), c);
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("HTTP status " + response.statusCode());
            }
            long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            long done = 0;
            long nextLog = 10L << 20;
            byte[] buf = new byte[1 << 16];
            try (OutputStream os = Files.newOutputStream(dst)) {
                int n;
                while ((n = body.read(buf)) > 0) {
                    os.write(buf, 0, n);
                    done += n;
                    if (done >= nextLog) {
                        LOG.info("  {} MB{}", done >> 20, total > 0 ? " of " + (total >> 20) + " MB" : "");
                        nextLog += 10L << 20;
                    }
                }
            }
            if (total >= 0 && done != total) {
                throw new IOException("download incomplete: " + done + " of " + total + " bytes");
            }
        }
    }

    /** The host could not be reached at all; abandon this mirror. */
    private static final class UnreachableException extends IOException {
        private static final long serialVersionUID = 1L;

        UnreachableException(String message) {
            super(message);
        }
    }
}
