package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/readiness/readiness/assessment"
)

// Metrics is what GET /metrics serves, in Prometheus text format, from a
// registry of its own (never the global one, so that two servers in one
// process, as in tests, do not share counts). Labels carry only bounded,
// client-free values: route patterns ("/api/v1/responses/:token", never a
// token), methods, status codes and outcome kinds. A new metric goes here,
// with its help text; a handler records through a method of Metrics.
type Metrics struct {
	reg *prometheus.Registry

	requests     *prometheus.CounterVec   // by method, route pattern, status
	latency      *prometheus.HistogramVec // by method, route pattern, status
	answerSaves  *prometheus.CounterVec   // by outcome: saved or the error's kind
	answerBatch  prometheus.Histogram     // answers per SQLite group commit
	eventStreams prometheus.Gauge         // open server-sent event streams
	compressed   prometheus.Counter       // responses that took a compressor
	relayed      prometheus.Counter       // events moved from the outbox into the log
	reconnects   prometheus.Counter       // lost LISTEN connections tried again
	subscribers  prometheus.Gauge         // listeners of assessments' events on this instance
}

// NewMetrics registers every metric (and the Go runtime's and the
// process's) in a new registry. cmd/readiness makes one and hands it to the
// store, the service and the server.
func NewMetrics() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "readiness_http_requests_total",
			Help: "HTTP requests answered, by method, route pattern and status.",
		}, []string{"method", "route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "readiness_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by method, route pattern and status.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"method", "route", "status"}),
		answerSaves: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "readiness_answer_saves_total",
			Help: `Answer saves, by outcome: "saved", or the kind of refusal ("invalid", "not_found", "conflict", "internal").`,
		}, []string{"outcome"}),
		answerBatch: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "readiness_answer_batch_size",
			Help:    "Answers written per group commit (one transaction, on SQLite and PostgreSQL alike).",
			Buckets: []float64{1, 2, 4, 8, 16, 32, 64, 128, 256, 512},
		}),
		eventStreams: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "readiness_event_streams_open",
			Help: "Server-sent event streams open now (consultants' and respondents').",
		}),
		compressed: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "readiness_http_compressed_responses_total",
			Help: "Responses sent gzip-compressed: each took a compressor, which only bodies over 1 KiB do.",
		}),
		relayed: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "readiness_events_relayed_total",
			Help: "Events moved from the outbox into the ordered event log (PostgreSQL; SQLite writes the log directly).",
		}),
		reconnects: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "readiness_event_listener_reconnects_total",
			Help: "Times the PostgreSQL connection listening for other instances' events was lost and tried again.",
		}),
		subscribers: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "readiness_event_subscribers",
			Help: "Listeners of assessments' live events on this instance (one per open stream).",
		}),
	}
	m.reg.MustRegister(m.requests, m.latency, m.answerSaves, m.answerBatch, m.eventStreams, m.compressed,
		m.relayed, m.reconnects, m.subscribers,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	// Outcomes known in advance show as 0 rather than missing.
	for _, o := range []string{"saved", string(assessment.Invalid), string(assessment.NotFound), string(assessment.Conflict), string(assessment.Internal)} {
		m.answerSaves.WithLabelValues(o)
	}
	return m
}

var _ assessment.Observer = (*Metrics)(nil)

// AnswerSaved counts one answer save by its outcome (assessment.Observer).
func (m *Metrics) AnswerSaved(err error) {
	outcome := "saved"
	if err != nil {
		outcome = string(assessment.KindOf(err))
	}
	m.answerSaves.WithLabelValues(outcome).Inc()
}

// AnswerBatch records the size of one group commit of answers; hand it to
// the store (store.Store.ObserveAnswerBatches).
func (m *Metrics) AnswerBatch(size int) { m.answerBatch.Observe(float64(size)) }

// EventsRelayed counts events the outbox relay moved into the log.
func (m *Metrics) EventsRelayed(n int) { m.relayed.Add(float64(n)) }

// EventListenerReconnected counts one retry of the LISTEN connection.
func (m *Metrics) EventListenerReconnected() { m.reconnects.Inc() }

// EventSubscribers moves the count of this instance's event listeners.
func (m *Metrics) EventSubscribers(delta int) { m.subscribers.Add(float64(delta)) }

// StreamOpened counts an event stream as open until the returned func is
// called; call it when the stream starts and defer the func:
//
//	defer s.metrics.StreamOpened()()
func (m *Metrics) StreamOpened() (closed func()) {
	m.eventStreams.Inc()
	return m.eventStreams.Dec
}

// Handler serves the registry in Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// knownMethods are the methods a label may name; anything else is "other",
// so that made-up methods cannot grow the series.
var knownMethods = map[string]bool{
	http.MethodGet: true, http.MethodHead: true, http.MethodPost: true, http.MethodPut: true,
	http.MethodPatch: true, http.MethodDelete: true, http.MethodOptions: true,
}

// instrument records every request's count and latency once its status is
// final: it runs outside requestLog, which hands errors to the error handler.
func (s *Server) instrument(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		status := c.Response().Status
		if err != nil { // requestLog handles errors; this is a safety net
			status, _, _ = classify(err)
		}
		method := c.Request().Method
		if !knownMethods[method] {
			method = "other"
		}
		route := c.Path() // the pattern the router matched, never the request's path
		if route == "" {
			route = "unmatched"
		}
		labels := prometheus.Labels{"method": method, "route": route, "status": strconv.Itoa(status)}
		s.metrics.requests.With(labels).Inc()
		s.metrics.latency.With(labels).Observe(time.Since(start).Seconds())
		return err
	}
}
