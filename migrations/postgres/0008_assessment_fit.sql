-- +goose Up
-- An assessment fitted to its engagement (scoring rule 8): the capabilities
-- in scope (a JSON array of ids; NULL means every capability, so "all"
-- stays all), targets that replace the model's (a JSON object of id to
-- 0-100), the form of questions asked, the report's and respondents'
-- default language, and a welcome shown to respondents. Answers that leave
-- the scope or the form stay stored: these columns only say what is asked.
ALTER TABLE assessments ADD COLUMN scope TEXT;
ALTER TABLE assessments ADD COLUMN targets TEXT NOT NULL DEFAULT '{}';
ALTER TABLE assessments ADD COLUMN form TEXT NOT NULL DEFAULT 'full' CHECK (form IN ('full', 'core'));
ALTER TABLE assessments ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
ALTER TABLE assessments ADD COLUMN welcome TEXT NOT NULL DEFAULT '';
