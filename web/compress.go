package web

import (
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/klauspost/compress/gzhttp"
	"github.com/klauspost/compress/gzhttp/writer"
	"github.com/klauspost/compress/gzhttp/writer/gzkp"
	"github.com/labstack/echo/v4"
)

// compressMinSize is the smallest body worth compressing: below a packet,
// compression saves nothing.
const compressMinSize = 1024

// compress gzips responses for clients that accept it: pages, scripts and
// JSON shrink to a quarter, which phones on a conference room's Wi-Fi feel.
//
// It takes a compressor only once a response has passed compressMinSize
// bytes (gzhttp buffers until then), never for every response: a compressor
// holds hundreds of KiB, and with 500 phones saving answers at once,
// taking one per request made the server's memory peak 23 times its idle
// size. Answers' acknowledgements are not even wrapped: they are small and
// the hottest route. Event streams (a compressor buffers what must go out
// at once), PDFs (already compressed) and /metrics (whose handler
// compresses for itself) are left alone as well.
//
// Against BREACH, which guesses a secret on a page (our CSRF token) from
// the compressed size of responses that reflect the guess, every compressed
// response carries 1-32 bytes of jitter in its gzip header, derived from
// its content, so that the size no longer tells.
//
// Only gzip, as before: zstd would change what browsers receive.
func compress(m *Metrics) (echo.MiddlewareFunc, error) {
	wrap, err := gzhttp.NewWrapper(
		gzhttp.MinSize(compressMinSize),
		gzhttp.EnableZstd(false),
		gzhttp.ContentTypeFilter(compressible),
		gzhttp.RandomJitter(32, 0, false),
		gzhttp.Implementation(writer.GzipWriterFactory{
			Levels: gzkp.Levels,
			New: func(w io.Writer, level int) writer.GzipWriter {
				m.compressed.Inc() // one compressor taken
				return gzkp.NewWriter(w, level)
			},
		}),
	)
	if err != nil {
		return nil, fmt.Errorf("compression: %w", err)
	}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if !compressRoute(c.Request()) {
				return next(c)
			}
			res := c.Response()
			plain := res.Writer
			var err error
			wrap(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				res.Writer = w
				err = next(c)
			})).ServeHTTP(plain, c.Request())
			// A handler that failed before writing wrote nothing through the
			// compressor: the error handler, further out, writes plainly.
			res.Writer = plain
			return err
		}
	}, nil
}

// compressRoute says whether a request's response may be compressed at all.
func compressRoute(r *http.Request) bool {
	p := r.URL.Path
	switch {
	case strings.HasSuffix(p, "/events"), strings.HasSuffix(p, ".pdf"), p == "/metrics":
		return false
	case r.Method == http.MethodPut && strings.HasPrefix(p, "/api/v1/responses/") && strings.Contains(p, "/answers/"):
		return false // an answer's acknowledgement
	}
	return true
}

// compressible adds event streams and PDFs, by their content type, to what
// gzhttp never compresses (images, archives, other compressed formats).
func compressible(contentType string) bool {
	ct := strings.ToLower(strings.TrimSpace(contentType))
	if strings.HasPrefix(ct, "text/event-stream") || strings.HasPrefix(ct, "application/pdf") {
		return false
	}
	return gzhttp.DefaultContentTypeFilter(ct)
}
