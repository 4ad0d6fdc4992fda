-- sos-meeting schema 0012 for SQLite, as the upgrades make it.
-- Made by sos_meeting.schema.dump; tests/test_upgrade.py checks it is current.
CREATE TABLE alembic_version (
	version_num VARCHAR(32) NOT NULL, 
	CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);
CREATE TABLE meeting (
	id INTEGER NOT NULL, 
	kind VARCHAR(20) NOT NULL, 
	title VARCHAR(200) NOT NULL, 
	case_ref VARCHAR(200) NOT NULL, 
	held_on DATE NOT NULL, 
	facilitator VARCHAR(200) NOT NULL, 
	wording VARCHAR(20) NOT NULL, 
	step VARCHAR(20) NOT NULL, 
	scale_id INTEGER, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, family_id INTEGER, previous_id INTEGER, closed_at DATETIME, close_note TEXT DEFAULT '' NOT NULL, question TEXT DEFAULT '' NOT NULL, version INTEGER DEFAULT '1' NOT NULL, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_meeting_newest ON meeting (held_on, id);
CREATE TABLE participant (
	id INTEGER NOT NULL, 
	meeting_id INTEGER NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	role VARCHAR(200) NOT NULL, 
	agency VARCHAR(200) NOT NULL, 
	"group" VARCHAR(20) NOT NULL, 
	seat INTEGER NOT NULL, 
	attendance VARCHAR(20) NOT NULL, 
	created_at DATETIME NOT NULL, carried_from_id INTEGER, sent_report BOOLEAN DEFAULT 0 NOT NULL, session_role VARCHAR(20) DEFAULT '' NOT NULL, reflection TEXT DEFAULT '' NOT NULL, recorded_role VARCHAR(63) DEFAULT '' NOT NULL, version INTEGER DEFAULT '1' NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(meeting_id) REFERENCES meeting (id) ON DELETE CASCADE
);
CREATE INDEX ix_participant_meeting_id ON participant (meeting_id);
CREATE TABLE map_item (
	id INTEGER NOT NULL, 
	meeting_id INTEGER NOT NULL, 
	"column" VARCHAR(20) NOT NULL, 
	category VARCHAR(20), 
	text TEXT NOT NULL, 
	position INTEGER NOT NULL, 
	deleted_at DATETIME, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, carried_from_id INTEGER, owner VARCHAR(200) DEFAULT '' NOT NULL, due DATE, status VARCHAR(20) DEFAULT '' NOT NULL, recorded_role VARCHAR(63) DEFAULT '' NOT NULL, version INTEGER DEFAULT '1' NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(meeting_id) REFERENCES meeting (id) ON DELETE CASCADE
);
CREATE INDEX ix_map_item_meeting_id ON map_item (meeting_id);
CREATE TABLE statement_pair (
	id INTEGER NOT NULL, 
	meeting_id INTEGER NOT NULL, 
	position INTEGER NOT NULL, 
	statement TEXT NOT NULL, 
	goal TEXT NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, carried_from_id INTEGER, coach_asked TEXT DEFAULT '' NOT NULL, coach_reason TEXT DEFAULT '' NOT NULL, recorded_role VARCHAR(63) DEFAULT '' NOT NULL, version INTEGER DEFAULT '1' NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(meeting_id) REFERENCES meeting (id) ON DELETE CASCADE
);
CREATE INDEX ix_statement_pair_meeting_id ON statement_pair (meeting_id);
CREATE TABLE scale (
	id INTEGER NOT NULL, 
	meeting_id INTEGER NOT NULL, 
	pair_id INTEGER, 
	position INTEGER NOT NULL, 
	question TEXT NOT NULL, 
	ten_means TEXT NOT NULL, 
	zero_means TEXT NOT NULL, 
	created_at DATETIME NOT NULL, mode VARCHAR(10) DEFAULT 'open' NOT NULL, threshold FLOAT DEFAULT '2' NOT NULL, children TEXT DEFAULT '' NOT NULL, carried_from_id INTEGER, version INTEGER DEFAULT '1' NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(meeting_id) REFERENCES meeting (id) ON DELETE CASCADE, 
	FOREIGN KEY(pair_id) REFERENCES statement_pair (id) ON DELETE SET NULL
);
CREATE INDEX ix_scale_meeting_id ON scale (meeting_id);
CREATE TABLE scale_round (
	id INTEGER NOT NULL, 
	scale_id INTEGER NOT NULL, 
	number INTEGER NOT NULL, 
	opened_at DATETIME NOT NULL, mode VARCHAR(10) DEFAULT 'open' NOT NULL, revealed_at DATETIME, closed_at DATETIME, agreed_to_differ_at DATETIME, differ_withdrawn_at DATETIME, 
	PRIMARY KEY (id), 
	FOREIGN KEY(scale_id) REFERENCES scale (id) ON DELETE CASCADE
);
CREATE INDEX ix_scale_round_scale_id ON scale_round (scale_id);
CREATE TABLE score (
	id INTEGER NOT NULL, 
	round_id INTEGER NOT NULL, 
	participant_id INTEGER NOT NULL, 
	value FLOAT, 
	reason TEXT NOT NULL, 
	one_higher TEXT NOT NULL, 
	recorded_at DATETIME NOT NULL, 
	supersedes_id INTEGER, recorded_by VARCHAR(200) DEFAULT '' NOT NULL, child VARCHAR(100) DEFAULT '' NOT NULL, name VARCHAR(200) DEFAULT '' NOT NULL, recorded_role VARCHAR(63) DEFAULT '' NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT ck_score_value CHECK (value IS NULL OR (value >= 0 AND value <= 10 AND value * 2 = CAST(value * 2 AS INTEGER))), 
	FOREIGN KEY(round_id) REFERENCES scale_round (id) ON DELETE CASCADE, 
	FOREIGN KEY(participant_id) REFERENCES participant (id) ON DELETE CASCADE, 
	FOREIGN KEY(supersedes_id) REFERENCES score (id)
);
CREATE INDEX ix_score_participant_id ON score (participant_id);
CREATE TRIGGER score_no_UPDATE BEFORE UPDATE ON score
BEGIN
    SELECT RAISE(ABORT, 'recorded scores cannot be changed or deleted; add a correction');
END;
CREATE TRIGGER score_no_DELETE BEFORE DELETE ON score
BEGIN
    SELECT RAISE(ABORT, 'recorded scores cannot be changed or deleted; add a correction');
END;
CREATE INDEX ix_score_round_participant ON score (round_id, participant_id, child, id);
CREATE TABLE family (
	id INTEGER NOT NULL, 
	title VARCHAR(200) NOT NULL, 
	case_ref VARCHAR(200) NOT NULL, 
	children TEXT NOT NULL, 
	created_at DATETIME NOT NULL, team VARCHAR(63), 
	PRIMARY KEY (id)
);
CREATE TABLE amendment (
	id INTEGER NOT NULL, 
	meeting_id INTEGER NOT NULL, 
	recorded_at DATETIME NOT NULL, 
	what TEXT NOT NULL, text_before TEXT DEFAULT '' NOT NULL, text_after TEXT DEFAULT '' NOT NULL, reason TEXT DEFAULT '' NOT NULL, recorded_by VARCHAR(200) DEFAULT '' NOT NULL, recorded_role VARCHAR(63) DEFAULT '' NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(meeting_id) REFERENCES meeting (id) ON DELETE CASCADE
);
CREATE INDEX ix_amendment_meeting_id ON amendment (meeting_id);
CREATE INDEX ix_meeting_family ON meeting (family_id, held_on);
CREATE TRIGGER score_no_REPLACE BEFORE INSERT ON score
WHEN EXISTS (SELECT 1 FROM score WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'recorded scores cannot be changed or deleted; add a correction');
END;
CREATE UNIQUE INDEX ux_scale_round_number ON scale_round (scale_id, number);
CREATE UNIQUE INDEX ix_score_supersedes_id ON score (supersedes_id);
CREATE TABLE conference_decision (
	id INTEGER NOT NULL, 
	meeting_id INTEGER NOT NULL, 
	body TEXT NOT NULL, 
	updated_at DATETIME NOT NULL, recorded_role VARCHAR(63) DEFAULT '' NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(meeting_id) REFERENCES meeting (id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX ix_conference_decision_meeting_id ON conference_decision (meeting_id);
CREATE TABLE voice (
	id INTEGER NOT NULL, 
	meeting_id INTEGER NOT NULL, 
	whose VARCHAR(20) NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	form VARCHAR(30) NOT NULL, 
	text TEXT NOT NULL, 
	gathered_by VARCHAR(200) DEFAULT '' NOT NULL, 
	gathered_on DATE, 
	position INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, recorded_role VARCHAR(63) DEFAULT '' NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(meeting_id) REFERENCES meeting (id) ON DELETE CASCADE
);
CREATE INDEX ix_voice_meeting_id ON voice (meeting_id);
CREATE TABLE letter_choice (
	id INTEGER NOT NULL, 
	meeting_id INTEGER NOT NULL, 
	passage VARCHAR(80) NOT NULL, 
	choice VARCHAR(20) NOT NULL, 
	words TEXT DEFAULT '' NOT NULL, 
	text TEXT DEFAULT '' NOT NULL, 
	decided_at DATETIME NOT NULL, 
	decided_by VARCHAR(200) DEFAULT '' NOT NULL, recorded_role VARCHAR(63) DEFAULT '' NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(meeting_id) REFERENCES meeting (id) ON DELETE CASCADE
);
CREATE INDEX ix_letter_choice_meeting_id ON letter_choice (meeting_id);
CREATE TABLE edit_conflict (
	id INTEGER NOT NULL, 
	meeting_id INTEGER NOT NULL, 
	what VARCHAR(80) NOT NULL, 
	mine TEXT NOT NULL, 
	theirs TEXT NOT NULL, 
	choice VARCHAR(20) NOT NULL, 
	decided_at DATETIME NOT NULL, 
	decided_by VARCHAR(200) DEFAULT '' NOT NULL, 
	recorded_role VARCHAR(63) DEFAULT '' NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(meeting_id) REFERENCES meeting (id) ON DELETE CASCADE
);
CREATE INDEX ix_edit_conflict_meeting_id ON edit_conflict (meeting_id);
CREATE TABLE team (
	name VARCHAR(63) NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (name)
);
CREATE TABLE family_share (
	family_id INTEGER NOT NULL, 
	team VARCHAR(63) NOT NULL, 
	shared_at DATETIME NOT NULL, 
	shared_by VARCHAR(63) DEFAULT '' NOT NULL, 
	PRIMARY KEY (family_id, team), 
	FOREIGN KEY(family_id) REFERENCES family (id) ON DELETE CASCADE
);
CREATE TABLE applied_edit (
	"key" VARCHAR(64) NOT NULL, 
	applied_at DATETIME NOT NULL, 
	PRIMARY KEY ("key")
);
