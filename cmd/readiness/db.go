package main

import (
	"context"
	"fmt"

	"github.com/readiness/readiness/assessment/store"
	"github.com/readiness/readiness/migrations"
)

// openStore opens the database; migrate applies pending migrations first.
func openStore(ctx context.Context, dsn, synchronous string, migrate bool) (*store.Store, error) {
	st, err := store.Open(ctx, dsn, store.Options{SQLiteSynchronous: synchronous})
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	if migrate {
		if err := migrations.Apply(ctx, st.SQL(), st.Dialect()); err != nil {
			st.Close()
			return nil, fmt.Errorf("migrate database: %w", err)
		}
		return st, nil
	}
	pending, err := migrations.Pending(ctx, st.SQL(), st.Dialect())
	if err != nil {
		st.Close()
		return nil, fmt.Errorf("read migration state: %w", err)
	}
	if pending > 0 {
		st.Close()
		return nil, fmt.Errorf("the database has %d pending migrations: run readiness migrate first", pending)
	}
	return st, nil
}

// openStoreNoCheck opens the database whatever its migration state.
func openStoreNoCheck(ctx context.Context, dsn string) (*store.Store, error) {
	st, err := store.Open(ctx, dsn, store.Options{})
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	return st, nil
}
