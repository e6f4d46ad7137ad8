package store

import (
	"encoding/json"
	"fmt"

	"github.com/readiness/readiness/assessment"
)

// fitColumns are an assessment's scope, targets, form, language and
// welcome as the assessments table keeps them: the scope as a JSON array
// (NULL for every capability, so that "all" stays all), the targets as a
// JSON object.
type fitColumns struct {
	Scope    *string
	Targets  string
	Form     string
	Language string
	Welcome  string
}

func newFitColumns(a assessment.Assessment) (fitColumns, error) {
	c := fitColumns{Targets: "{}", Form: string(a.Form), Language: a.Language, Welcome: a.Welcome}
	if a.Scope != nil {
		b, err := json.Marshal(a.Scope)
		if err != nil {
			return fitColumns{}, fmt.Errorf("encode scope: %w", err)
		}
		s := string(b)
		c.Scope = &s
	}
	if len(a.Targets) > 0 {
		b, err := json.Marshal(a.Targets)
		if err != nil {
			return fitColumns{}, fmt.Errorf("encode targets: %w", err)
		}
		c.Targets = string(b)
	}
	return c, nil
}

// into sets a's fit from the columns.
func (c *fitColumns) into(a *assessment.Assessment) error {
	a.Form, a.Language, a.Welcome = assessment.Form(c.Form), c.Language, c.Welcome
	a.Scope, a.Targets = nil, nil
	if c.Scope != nil {
		if err := json.Unmarshal([]byte(*c.Scope), &a.Scope); err != nil {
			return fmt.Errorf("decode scope of assessment %s: %w", a.ID, err)
		}
	}
	if c.Targets != "" && c.Targets != "{}" {
		if err := json.Unmarshal([]byte(c.Targets), &a.Targets); err != nil {
			return fmt.Errorf("decode targets of assessment %s: %w", a.ID, err)
		}
	}
	return nil
}
