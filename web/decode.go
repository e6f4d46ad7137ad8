package web

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"

	"github.com/labstack/echo/v4"
)

// DecodeJSON reads one JSON value from the body into v. Malformed JSON and
// values of the wrong JSON type are 400s naming the field; unknown keys are
// ignored so that clients may send more than this version reads.
func DecodeJSON(c echo.Context, v any) error {
	return decodeBody(c.Request().Body, v)
}

func decodeBody(body io.Reader, v any) error {
	dec := json.NewDecoder(body)
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return err
		}
		return BadRequest("", "the body must hold a single JSON value")
	}
	return nil
}

func jsonError(err error) error {
	var (
		syntax *json.SyntaxError
		typ    *json.UnmarshalTypeError
		mbe    *http.MaxBytesError
	)
	switch {
	case errors.As(err, &mbe):
		return err // classify answers 413
	case errors.Is(err, io.EOF):
		return BadRequest("", "a JSON body is required")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return BadRequest("", "the JSON body ends too early")
	case errors.As(err, &syntax):
		return BadRequest("", "malformed JSON at byte %d: %v", syntax.Offset, err)
	case errors.As(err, &typ):
		if typ.Field == "" {
			return BadRequest("", "the body must be a JSON object")
		}
		return BadRequest(typ.Field, "%s must be a JSON %s, not %s", typ.Field, jsonTypeName(typ.Type.Kind().String()), typ.Value)
	}
	return BadRequest("", "malformed JSON: %v", err)
}

func jsonTypeName(kind string) string {
	switch kind {
	case "string":
		return "string"
	case "float64", "int", "int64":
		return "number"
	case "slice":
		return "array"
	case "bool":
		return "boolean"
	case "ptr", "struct", "map":
		return "object or value of the documented type"
	}
	return kind
}
