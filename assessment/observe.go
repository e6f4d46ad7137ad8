package assessment

// Observer hears what the Service did, for an operator's metrics (web's
// Metrics implements it). Its methods run on hot paths: they must be quick
// and safe for concurrent use.
type Observer interface {
	// AnswerSaved reports one SaveAnswer: err is nil when the answer was
	// stored, else the reason it was not.
	AnswerSaved(err error)
}

type noObserver struct{}

func (noObserver) AnswerSaved(error) {}
