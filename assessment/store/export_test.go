package store

// SaveAnswerSQLite lets the raw baseline benchmark run the store's own upsert.
const SaveAnswerSQLite = saveAnswerSQLite
