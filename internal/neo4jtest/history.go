package neo4jtest

import (
	"testing"
	"time"
)

// The recorded times of the History fixture: everything was first recorded
// at HistoryRecorded; at HistoryCorrected an agreement's signing date and
// status history, a membership's start and a country's name were corrected;
// at HistoryRetracted a statement was retracted.
var (
	HistoryRecorded  = time.Date(2026, 1, 10, 0, 0, 0, 0, time.UTC)
	HistoryCorrected = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	HistoryRetracted = time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
)

// historyCypher builds a small history by hand, as the write path leaves it
// (graph/history.go), beside whatever graph is there. Every id starts with
// zz-test-. The old versions:
//   - zz-test-pact, bilateral between zz-test-aland and zz-test-borduria: signed
//     2020-06-06 (draft 2020-01-01, signed 2020-06-06); corrected to signed
//     2021-05-05 (draft 2020-01-01, ready-to-sign 2020-06-06, signed
//     2021-05-05). The old version is a :Revision.
//   - zz-test-aland MEMBER_OF zz-test-bloc since 2020-01-01; corrected to since
//     2022-01-01: the old relationship stays, closed, beside the new one.
//   - zz-test-borduria was named "Zzqoldname Borduria" (alias "Zzqoldalias");
//     renamed "Zzqnewname Borduria". Its old version has no version_from
//     (since always).
//   - zz-test-statement, by zz-test-aland about zz-test-borduria, said
//     2021-02-02, retracted (:Retracted, recorded_until).
const historyCypher = `
CREATE (src:Entity:Source {id: 'zz-test-source', name: 'Zz Source', title: 'Zz Source', publisher: 'Zz', reliability: 'B', recorded_from: $t0})
CREATE (bloc:Entity:Bloc {id: 'zz-test-bloc', name: 'Zz Test Bloc', recorded_from: $t0})
CREATE (aland:Entity:Country {id: 'zz-test-aland', name: 'Zz Aland', recorded_from: $t0})
CREATE (bord:Entity:Country {id: 'zz-test-borduria', name: 'Zzqnewname Borduria', aliases: ['Zzqnewalias'],
        recorded_from: $t0, version_from: $t1})
CREATE (bord)-[:REVISION]->(:Revision {id: 'zz-test-borduria', name: 'Zzqoldname Borduria', aliases: ['Zzqoldalias'],
        recorded_from: $t0, version_until: $t1})
CREATE (pact:Entity:Agreement {id: 'zz-test-pact', name: 'Zz Pact', title: 'Zz Pact', scope: 'bilateral',
        status_history: ['draft', 'ready-to-sign', 'signed'], status_dates: [date('2020-01-01'), date('2020-06-06'), date('2021-05-05')],
        status_precisions: ['day', 'day', 'day'], signed_on: date('2021-05-05'),
        recorded_from: $t0, version_from: $t1})
CREATE (pact)-[:REVISION]->(:Revision {id: 'zz-test-pact', name: 'Zz Pact', title: 'Zz Pact', scope: 'bilateral',
        status_history: ['draft', 'signed'], status_dates: [date('2020-01-01'), date('2020-06-06')],
        status_precisions: ['day', 'day'], signed_on: date('2020-06-06'),
        recorded_from: $t0, version_from: $t0, version_until: $t1})
CREATE (aland)-[:PARTY_TO {sources: ['zz-test-source'], recorded_from: $t0}]->(pact)
CREATE (bord)-[:PARTY_TO {sources: ['zz-test-source'], recorded_from: $t0}]->(pact)
CREATE (pact)-[:REPORTED_IN {reports: ['draft', 'ready-to-sign', 'signed'], recorded_from: $t0}]->(src)
CREATE (aland)-[:MEMBER_OF {since: date('2020-01-01'), sources: ['zz-test-source'], recorded_from: $t0, recorded_until: $t1}]->(bloc)
CREATE (aland)-[:MEMBER_OF {since: date('2022-01-01'), sources: ['zz-test-source'], recorded_from: $t1}]->(bloc)
CREATE (bord)-[:MEMBER_OF {since: date('2019-01-01'), sources: ['zz-test-source'], recorded_from: $t0}]->(bloc)
CREATE (st:Entity:Statement:Retracted {id: 'zz-test-statement', summary: 'Zz said so', said_on: date('2021-02-02'), kind: '036', confidence: 50,
        recorded_from: $t0, recorded_until: $tr})
CREATE (st)-[:BY {recorded_from: $t0}]->(aland)
CREATE (st)-[:ABOUT {recorded_from: $t0}]->(bord)
CREATE (st)-[:REPORTED_IN {recorded_from: $t0}]->(src)
`

// History adds the history fixture to the test database and removes it
// when the test ends.
func History(t testing.TB) {
	t.Helper()
	removeHistory(t)
	Exec(t, historyCypher, map[string]any{"t0": HistoryRecorded, "t1": HistoryCorrected, "tr": HistoryRetracted})
	t.Cleanup(func() { removeHistory(t) })
}

func removeHistory(t testing.TB) {
	t.Helper()
	Exec(t, `MATCH (n) WHERE (n:Entity OR n:Revision) AND n.id STARTS WITH 'zz-test-' DETACH DELETE n`, nil)
}
