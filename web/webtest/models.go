package webtest

import (
	"bytes"
	"io"
	"net/http"
	"strings"
)

// ownModel is a small model of a consultancy's own: two stages, three
// questions asked of everyone or of one perspective, a must-have, a
// "don't know" option. OwnModel fills in its slug and version.
const ownModel = `# A small model of a consultancy's own.
slug: SLUG
version: VERSION
title: Platform fitness
description: How fit a team is to run services on the platform.
stages:
  - id: build
    title: Build
  - id: run
    title: Run
capabilities:
  - id: pipelines
    title: Pipelines
    stage: build
    target: 60
    recommendations:
      low: Build every commit.
      middling: Gate releases on the pipeline.
    questions:
      - id: builds
        text: How often is the main branch built?
        help: Frequent builds find faults early.
        type: single
        critical: 50
        options:
          - {id: never, label: Never, score: 0}
          - {id: daily, label: Daily, score: 5}
          - {id: every-commit, label: On every commit, score: 10}
          - {id: dont-know, label: "Don't know", score: null, unscored: dont-know}
      - id: checks
        text: Which checks run in the pipeline?
        help: Each check catches another kind of fault.
        type: multi
        perspectives: [development]
        options:
          - {id: unit, label: Unit tests, score: 2}
          - {id: lint, label: Linters, score: 1}
          - {id: none, label: None of these, score: 0}
  - id: observability
    title: Observability
    stage: run
    requires: [pipelines]
    target: 70
    recommendations:
      low: Collect logs centrally.
      middling: Alert on symptoms, not causes.
    questions:
      - id: alerts
        text: Are you alerted before users notice an outage?
        help: Alerts that fire first save the evening.
        type: boolean
        perspectives: [operations]
        options:
          - {id: "no", label: "No", score: 0}
          - {id: "yes", label: "Yes", score: 1}
      - id: dashboards
        text: Does every service have a dashboard?
        help: One place to look when something is wrong.
        type: boolean
        options:
          - {id: "no", label: "No", score: 0}
          - {id: "yes", label: "Yes", score: 1}
`

// OwnModel is a valid questionnaire file of a workspace's own model.
func OwnModel(slug, version string) string {
	return strings.NewReplacer("slug: SLUG", "slug: "+slug, "version: VERSION", "version: "+version).Replace(ownModel)
}

// ownModelDE translates every text of ownModel into German.
const ownModelDE = `translation_of: {slug: SLUG, version: VERSION}
lang: de
title: Plattform-Fitness
description: Wie gut ein Team Services auf der Plattform betreiben kann.
stages:
  build: {title: Bauen}
  run: {title: Betreiben}
capabilities:
  pipelines:
    title: Pipelines
    recommendations: {low: Jeden Commit bauen., middling: Releases an die Pipeline binden.}
  observability:
    title: Beobachtbarkeit
    recommendations: {low: Logs zentral sammeln., middling: "Auf Symptome alarmieren, nicht auf Ursachen."}
questions:
  builds:
    text: Wie oft wird der Hauptzweig gebaut?
    help: Häufige Builds finden Fehler früh.
    options: {never: Nie, daily: Täglich, every-commit: Bei jedem Commit, dont-know: Weiß nicht}
  checks:
    text: Welche Prüfungen laufen in der Pipeline?
    help: Jede Prüfung findet eine andere Art von Fehler.
    options: {unit: Unit-Tests, lint: Linter, none: Nichts davon}
  alerts:
    text: Werden Sie alarmiert, bevor Nutzer einen Ausfall bemerken?
    help: Alarme, die zuerst auslösen, retten den Abend.
    options: {"no": Nein, "yes": Ja}
  dashboards:
    text: Hat jeder Service ein Dashboard?
    help: Ein Ort zum Nachsehen, wenn etwas nicht stimmt.
    options: {"no": Nein, "yes": Ja}
`

// OwnModelDE is a complete German translation of OwnModel(slug, version).
func OwnModelDE(slug, version string) string {
	return strings.NewReplacer("slug: SLUG", "slug: "+slug, "version: VERSION", "version: "+version).Replace(ownModelDE)
}

// SendYAML sends a YAML body (a questionnaire or translation file) with the
// consultant's bearer token.
func (h *Harness) SendYAML(method, path, token, body string) Response {
	h.T.Helper()
	req, err := http.NewRequest(method, h.Server.URL+path, strings.NewReader(body))
	if err != nil {
		h.T.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/yaml")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := h.Server.Client().Do(req)
	if err != nil {
		h.T.Fatal(err)
	}
	defer res.Body.Close()
	var b bytes.Buffer
	if _, err := io.Copy(&b, res.Body); err != nil {
		h.T.Fatal(err)
	}
	return Response{Status: res.StatusCode, Header: res.Header, Body: b.Bytes()}
}
