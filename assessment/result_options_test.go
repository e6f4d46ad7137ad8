package assessment

import "testing"

func TestResultOptions(t *testing.T) {
	tests := []struct {
		name  string
		in    ResultOptions
		basis Basis
		field string // "" means valid
	}{
		{"the default is agreed", ResultOptions{}, BasisAgreed, ""},
		{"agreed", ResultOptions{Basis: BasisAgreed}, BasisAgreed, ""},
		{"individual", ResultOptions{Basis: BasisIndividual}, BasisIndividual, ""},
		{"an unknown basis", ResultOptions{Basis: "mixed"}, "mixed", "basis"},
		{"an unknown perspective", ResultOptions{Perspective: "finance"}, BasisAgreed, "perspective"},
		{"a known perspective", ResultOptions{Perspective: PerspectiveData}, BasisAgreed, ""}, // the 3-respondent rule needs answers: see the service tests
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.in.validate()
			var field string
			if e, ok := err.(*Error); ok && e.Kind == Invalid {
				field = e.Field
			}
			if (err != nil) != (tt.field != "") || field != tt.field {
				t.Fatalf("validate() = %v, want an error on %q", err, tt.field)
			}
			if err == nil && tt.in.Basis != tt.basis {
				t.Errorf("basis %q, want %q", tt.in.Basis, tt.basis)
			}
		})
	}
}

func TestScoreOn(t *testing.T) {
	ix := oneCapability(levels("q"))
	ix.model.Version = "2.0.1"
	answers := []Answer{pick("r1", "q", "0")}
	agreed := []Answer{agree(pick("", "q", "4"))}
	for _, tt := range []struct {
		basis Basis
		score float64
	}{{BasisAgreed, 100}, {BasisIndividual, 0}} {
		res := scoreOn(ix, Fit{}, answers, agreed, ResultOptions{Basis: tt.basis})
		if res.Basis != tt.basis || res.QuestionnaireVersion != "2.0.1" || res.Perspective != "" || *res.Capabilities[0].Score != tt.score {
			t.Errorf("%s: basis %q version %q perspective %q score %s", tt.basis, res.Basis, res.QuestionnaireVersion, res.Perspective, fmtScore(res.Capabilities[0].Score))
		}
	}
}
