package assessment

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/mail"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"
)

// Catalog is the set of questionnaires new assessments can be started with.
type Catalog interface {
	List() []*Model
	Latest(slug string) (*Model, bool)
}

// Config wires a Service; zero values get sensible defaults.
type Config struct {
	Store   Store
	Catalog Catalog
	Now     func() time.Time
	// BcryptCost is the password hashing cost; tests lower it to bcrypt.MinCost.
	BcryptCost int
	// TokenTTL is how long an API token lives.
	TokenTTL time.Duration
	// ConcurrentHashes bounds the password hashes computed at once, so that a
	// burst of logins cannot starve every other request of CPU.
	ConcurrentHashes int
	// Observer hears what the service did, for metrics; nil hears nothing.
	Observer Observer
	// Events is where listeners follow live changes; the Store, if it is
	// an EventLog and Events is nil. The store writes each change's events.
	Events EventLog
}

// Service is every use case of Readiness: the web handlers and the command
// line call it, and it alone decides what is allowed.
type Service struct {
	store      Store
	catalog    Catalog
	now        func() time.Time
	bcryptCost int
	tokenTTL   time.Duration
	hashSlots  chan struct{}
	dummyHash  func() []byte
	observer   Observer
	events     EventLog // nil: no live streams

	// models caches the indexed definition of each assessment: definitions
	// never change once an assessment starts, so the cache never goes stale.
	models sync.Map // assessment ID → *Index
}

// NewService builds a Service from c.
func NewService(c Config) *Service {
	s := &Service{store: c.Store, catalog: c.Catalog, now: c.Now, bcryptCost: c.BcryptCost, tokenTTL: c.TokenTTL, events: c.Events}
	if s.events == nil {
		s.events, _ = c.Store.(EventLog)
	}
	s.observer = c.Observer
	if s.observer == nil {
		s.observer = noObserver{}
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.bcryptCost == 0 {
		s.bcryptCost = 11
	}
	if s.tokenTTL == 0 {
		s.tokenTTL = 30 * 24 * time.Hour
	}
	if c.ConcurrentHashes <= 0 {
		c.ConcurrentHashes = 4
	}
	s.hashSlots = make(chan struct{}, c.ConcurrentHashes)
	// Hashing a fixed password for unknown accounts makes a wrong email cost
	// as much as a wrong password, so timing does not tell which accounts
	// exist. It is made on first use: commands that never sign in skip it.
	s.dummyHash = sync.OnceValue(func() []byte {
		h, _ := bcrypt.GenerateFromPassword([]byte("readiness-dummy-password"), s.bcryptCost)
		return h
	})
	return s
}

// Now is the service clock.
func (s *Service) Now() time.Time { return s.now().UTC() }

// NewToken returns a random URL-safe token of 256 bits and its storage hash.
func NewToken() (token string, hash []byte) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("read random bytes: %v", err)) // crypto/rand never fails on supported platforms
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token)
}

// HashToken is how tokens are stored: they carry 256 random bits, so a fast
// hash is enough to make a stolen database useless for signing in.
func HashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

func (s *Service) hashSlot(ctx context.Context) (release func(), err error) {
	select {
	case s.hashSlots <- struct{}{}:
		return func() { <-s.hashSlots }, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("wait for a password hash slot: %w", ctx.Err())
	}
}

// NewUser is the input of AddUser.
type NewUser struct {
	Workspace string
	Email     string
	Name      string
	Role      Role
	Password  string
}

// Validate checks a new user's fields.
func (n *NewUser) Validate() error {
	n.Workspace = strings.TrimSpace(n.Workspace)
	n.Email = strings.ToLower(strings.TrimSpace(n.Email))
	n.Name = strings.TrimSpace(n.Name)
	if err := checkLength("workspace", n.Workspace, 1, 200); err != nil {
		return err
	}
	if a, err := mail.ParseAddress(n.Email); err != nil || a.Address != n.Email || len(n.Email) > 254 {
		return FieldError("email", "must be an email address such as name@example.com")
	}
	if err := checkLength("name", n.Name, 1, 200); err != nil {
		return err
	}
	if n.Role != RoleConsultant && n.Role != RoleAdmin {
		return FieldError("role", "must be consultant or admin")
	}
	if utf8.RuneCountInString(n.Password) < MinPasswordLen {
		return FieldError("password", "must be at least %d characters", MinPasswordLen)
	}
	if len(n.Password) > 72 { // bcrypt's limit: longer passwords would be silently cut
		return FieldError("password", "must be at most 72 bytes")
	}
	return nil
}

// AddUser creates the workspace if it is new, then the user: what
// `readiness user add` does, audited as the command line's.
func (s *Service) AddUser(ctx context.Context, n NewUser) (User, error) {
	u, err := s.newUser(ctx, n)
	if err != nil {
		return User{}, err
	}
	added, err := s.store.AddUser(ctx, n.Workspace, u)
	if err != nil {
		return User{}, emailTaken(err, u.Email)
	}
	return added, s.audit(ctx, User{WorkspaceID: added.WorkspaceID, Email: ActorCommandLine}, AuditUserAdded, target("user", added.ID))
}

// newUser checks n and hashes its password (bounded by the hash slots):
// the user to store.
func (s *Service) newUser(ctx context.Context, n NewUser) (User, error) {
	if err := n.Validate(); err != nil {
		return User{}, err
	}
	release, err := s.hashSlot(ctx)
	if err != nil {
		return User{}, err
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(n.Password), s.bcryptCost)
	release()
	if err != nil {
		return User{}, fmt.Errorf("hash password: %w", err)
	}
	return User{Email: n.Email, Name: n.Name, Role: n.Role, PasswordHash: string(hash), CreatedAt: s.Now()}, nil
}

// emailTaken words the Conflict of storing a new user: its email is taken.
func emailTaken(err error, email string) error {
	if KindOf(err) == Conflict {
		return &Error{Kind: Conflict, Field: "email", Message: fmt.Sprintf("a user with email %s already exists", email)}
	}
	return err
}

// Login checks an email and password and issues an API token.
func (s *Service) Login(ctx context.Context, email, password string) (token string, expires time.Time, err error) {
	email = strings.ToLower(strings.TrimSpace(email))
	u, err := s.store.UserByEmail(ctx, email)
	if err != nil && KindOf(err) != NotFound {
		return "", time.Time{}, fmt.Errorf("find user: %w", err)
	}
	hash := s.dummyHash()
	if err == nil {
		hash = []byte(u.PasswordHash)
	}
	release, werr := s.hashSlot(ctx)
	if werr != nil {
		return "", time.Time{}, werr
	}
	cmpErr := bcrypt.CompareHashAndPassword(hash, []byte(password))
	release()
	if err != nil || cmpErr != nil {
		return "", time.Time{}, s.auditSignIn(ctx, u, email, false)
	}
	token, th := NewToken()
	expires = s.Now().Add(s.tokenTTL).Truncate(time.Second)
	if err := s.store.AddToken(ctx, u.ID, th, expires); err != nil {
		return "", time.Time{}, fmt.Errorf("store token: %w", err)
	}
	if err := s.auditSignIn(ctx, u, email, true); err != nil {
		return "", time.Time{}, err
	}
	return token, expires, nil
}

// Authenticate finds the user an API token belongs to.
func (s *Service) Authenticate(ctx context.Context, token string) (User, error) {
	if token == "" {
		return User{}, Errorf(Unauthorized, "a bearer token is required")
	}
	u, err := s.store.UserByToken(ctx, HashToken(token), s.Now())
	if KindOf(err) == NotFound {
		return User{}, Errorf(Unauthorized, "the token is unknown or expired")
	}
	return u, err
}

// Logout ends a token (a browser session is one): it stops working at once.
func (s *Service) Logout(ctx context.Context, token string) error {
	if token == "" {
		return nil
	}
	return s.store.DeleteToken(ctx, HashToken(token))
}

// Questionnaires lists the latest version of each questionnaire.
func (s *Service) Questionnaires() []*Model { return s.catalog.List() }

// Questionnaire returns the latest version of one questionnaire.
func (s *Service) Questionnaire(slug string) (*Model, error) {
	m, ok := s.catalog.Latest(slug)
	if !ok {
		return nil, Errorf(NotFound, "no questionnaire %q", slug)
	}
	return m, nil
}

func checkLength(field, v string, min, max int) error {
	n := utf8.RuneCountInString(v)
	if n < min {
		if min == 1 {
			return FieldError(field, "is required")
		}
		return FieldError(field, "must be at least %d characters", min)
	}
	if n > max {
		return FieldError(field, "must be at most %d characters", max)
	}
	if !utf8.ValidString(v) {
		return FieldError(field, "must be valid UTF-8")
	}
	return nil
}
