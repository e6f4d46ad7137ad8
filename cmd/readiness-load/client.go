package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// requestTimeout bounds every single request, so a stuck server cannot hold
// the run beyond its cap.
const requestTimeout = 30 * time.Second

// newHTTPClient keeps one idle connection per participant: with fewer, the
// participants would keep dialling and the run would measure connects.
// With gzip it sends Accept-Encoding: gzip, as phones' browsers do.
func newHTTPClient(participants int, gzip bool) *http.Client {
	return &http.Client{
		Timeout: requestTimeout,
		Transport: &http.Transport{
			DisableCompression:  !gzip,
			Proxy:               nil, // loopback targets; a proxy from the environment would distort latency
			DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
			MaxIdleConns:        participants + 16,
			MaxIdleConnsPerHost: participants + 16,
			IdleConnTimeout:     90 * time.Second,
		},
	}
}

// checkTarget refuses a server URL whose host is not loopback, unless remote
// targets were allowed: a load run against someone else's server is an attack.
func checkTarget(raw string, allowRemote bool) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("parse --url %q: %w", raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("--url %q: want an http or https URL", raw)
	}
	if u.Hostname() == "" {
		return nil, fmt.Errorf("--url %q: no host", raw)
	}
	if !allowRemote && !isLoopback(u.Hostname()) {
		return nil, fmt.Errorf("--url %q: host %q is not loopback; pass --allow-remote to load it anyway", raw, u.Hostname())
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawQuery, u.Fragment = "", ""
	return u, nil
}

// isLoopback accepts "localhost" and loopback addresses by their text alone:
// resolving a name would let DNS decide where the load goes.
func isLoopback(host string) bool {
	if strings.EqualFold(strings.TrimSuffix(host, "."), "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

// client speaks the JSON API v1 of one server.
type client struct {
	base  string
	http  *http.Client
	token string // bearer token of the consultant
}

// apiError is a non-2xx answer; Body is the start of the response body.
type apiError struct {
	Method, Path string
	Status       int
	Body         string
}

func (e *apiError) Error() string {
	return fmt.Sprintf("%s %s: status %d: %s", e.Method, e.Path, e.Status, e.Body)
}

// do sends in (if not nil) as JSON and decodes a 2xx body into out (if not nil).
func (c *client) do(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("encode %s %s: %w", method, path, err)
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	req.Header.Set("Accept", "application/json")
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return &apiError{Method: method, Path: path, Status: resp.StatusCode, Body: readSnippet(resp.Body)}
	}
	if out == nil {
		_, err = io.Copy(io.Discard, resp.Body)
		return err
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return fmt.Errorf("decode %s %s: %w", method, path, err)
	}
	return nil
}

// readSnippet keeps error output readable when a server answers with a page.
func readSnippet(r io.Reader) string {
	b, _ := io.ReadAll(io.LimitReader(r, 512))
	return strings.TrimSpace(string(b))
}

func (c *client) login(ctx context.Context, email, password string) error {
	var out struct {
		Token string `json:"token"`
	}
	if err := c.do(ctx, http.MethodPost, "/api/v1/auth/token", map[string]string{"email": email, "password": password}, &out); err != nil {
		return fmt.Errorf("log in as %s: %w", email, err)
	}
	if out.Token == "" {
		return fmt.Errorf("log in as %s: no token in the answer", email)
	}
	c.token = out.Token
	return nil
}

// createAssessment makes an organisation and a self-service assessment in it
// and returns the assessment's id.
func (c *client) createAssessment(ctx context.Context, slug string, now time.Time) (string, error) {
	stamp := now.UTC().Format("2006-01-02 15:04:05")
	var org struct {
		ID string `json:"id"`
	}
	if err := c.do(ctx, http.MethodPost, "/api/v1/organisations",
		map[string]string{"name": "Load test " + stamp, "industry": "load test"}, &org); err != nil {
		return "", fmt.Errorf("create organisation: %w", err)
	}
	var a struct {
		ID string `json:"id"`
	}
	if err := c.do(ctx, http.MethodPost, "/api/v1/assessments", map[string]string{"organisation_id": org.ID,
		"questionnaire": slug, "mode": "self-service", "title": "Load " + stamp}, &a); err != nil {
		return "", fmt.Errorf("create assessment: %w", err)
	}
	return a.ID, nil
}

func (c *client) addRespondent(ctx context.Context, assessmentID string, i int) (string, error) {
	var out struct {
		Token string `json:"token"`
	}
	if err := c.do(ctx, http.MethodPost, "/api/v1/assessments/"+url.PathEscape(assessmentID)+"/respondents",
		map[string]string{"name": fmt.Sprintf("Participant %d", i+1), "role": "load"}, &out); err != nil {
		return "", fmt.Errorf("add respondent %d: %w", i+1, err)
	}
	if out.Token == "" {
		return "", fmt.Errorf("add respondent %d: no token in the answer", i+1)
	}
	return out.Token, nil
}

func (c *client) questionnaire(ctx context.Context, slug string) (*questionnaire, error) {
	var q questionnaire
	if err := c.do(ctx, http.MethodGet, "/api/v1/questionnaires/"+url.PathEscape(slug), nil, &q); err != nil {
		return nil, fmt.Errorf("fetch questionnaire: %w", err)
	}
	return &q, nil
}

// putAnswer sends one answer and reports the status and, when it is not 200,
// the start of the body. Only a transport failure is an error.
func (c *client) putAnswer(ctx context.Context, token, questionID string, body []byte) (int, string, error) {
	path := "/api/v1/responses/" + url.PathEscape(token) + "/answers/" + url.PathEscape(questionID)
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, c.base+path, bytes.NewReader(body))
	if err != nil {
		return 0, "", fmt.Errorf("put answer %s: %w", questionID, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, "", fmt.Errorf("put answer %s: %w", questionID, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return resp.StatusCode, readSnippet(resp.Body), nil
	}
	// Drain the body so the connection goes back to the pool.
	_, err = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, "", err
}

func (c *client) response(ctx context.Context, token string) (map[string]storedAnswer, error) {
	var out struct {
		Answers map[string]storedAnswer `json:"answers"`
	}
	// The respondent's token authorises this call, not the consultant's.
	rc := &client{base: c.base, http: c.http}
	if err := rc.do(ctx, http.MethodGet, "/api/v1/responses/"+url.PathEscape(token), nil, &out); err != nil {
		return nil, fmt.Errorf("read response: %w", err)
	}
	return out.Answers, nil
}

// result fetches an assessment's result and returns the size of its body.
func (c *client) result(ctx context.Context, assessmentID string) error {
	return c.do(ctx, http.MethodGet, "/api/v1/assessments/"+url.PathEscape(assessmentID)+"/result", nil, nil)
}

// createWorkshop makes an organisation and a workshop assessment in it for
// up to maxParticipants and returns the assessment's id and join code.
func (c *client) createWorkshop(ctx context.Context, slug string, maxParticipants int, now time.Time) (id, code string, err error) {
	stamp := now.UTC().Format("2006-01-02 15:04:05")
	var org struct {
		ID string `json:"id"`
	}
	if err := c.do(ctx, http.MethodPost, "/api/v1/organisations",
		map[string]string{"name": "Workshop load " + stamp, "industry": "load test"}, &org); err != nil {
		return "", "", fmt.Errorf("create organisation: %w", err)
	}
	var a struct {
		ID              string `json:"id"`
		Mode            string `json:"mode"`
		JoinCode        string `json:"join_code"`
		MaxParticipants int    `json:"max_participants"`
	}
	if err := c.do(ctx, http.MethodPost, "/api/v1/assessments", map[string]any{"organisation_id": org.ID,
		"questionnaire": slug, "mode": "workshop", "title": "Workshop load " + stamp,
		"max_participants": maxParticipants}, &a); err != nil {
		return "", "", fmt.Errorf("create workshop: %w", err)
	}
	if a.JoinCode == "" { // the contract promises it in GET; the create answer may leave it out
		if err := c.do(ctx, http.MethodGet, "/api/v1/assessments/"+url.PathEscape(a.ID), nil, &a); err != nil {
			return "", "", fmt.Errorf("read workshop: %w", err)
		}
	}
	switch {
	case a.Mode != "workshop":
		return "", "", fmt.Errorf("create workshop: mode %q, want workshop", a.Mode)
	case a.JoinCode == "":
		return "", "", fmt.Errorf("workshop %s has no join code", a.ID)
	case a.MaxParticipants < maxParticipants:
		return "", "", fmt.Errorf("workshop %s takes %d participants, want %d", a.ID, a.MaxParticipants, maxParticipants)
	}
	return a.ID, a.JoinCode, nil
}

// join registers participant i by the workshop's code, without a token, and
// returns the respondent's id and token.
func (c *client) join(ctx context.Context, code string, i int) (id, token string, err error) {
	var out struct {
		ID    string `json:"id"`
		Token string `json:"token"`
	}
	rc := &client{base: c.base, http: c.http} // a phone in the room has no bearer token
	if err := rc.do(ctx, http.MethodPost, "/api/v1/join/"+url.PathEscape(code),
		map[string]string{"name": fmt.Sprintf("Participant %d", i+1), "role": "load"}, &out); err != nil {
		return "", "", fmt.Errorf("join participant %d: %w", i+1, err)
	}
	if out.Token == "" {
		return "", "", fmt.Errorf("join participant %d: no token in the answer", i+1)
	}
	if out.ID == "" {
		// The id is in the respondent's own view of the response.
		var r struct {
			Respondent struct {
				ID string `json:"id"`
			} `json:"respondent"`
		}
		if err := rc.do(ctx, http.MethodGet, "/api/v1/responses/"+url.PathEscape(out.Token), nil, &r); err != nil {
			return "", "", fmt.Errorf("read participant %d: %w", i+1, err)
		}
		out.ID = r.Respondent.ID
	}
	if out.ID == "" {
		return "", "", fmt.Errorf("join participant %d: no respondent id", i+1)
	}
	return out.ID, out.Token, nil
}
