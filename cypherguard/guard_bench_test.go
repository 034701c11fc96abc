package cypherguard

import (
	"fmt"
	"strings"
	"testing"
)

// typicalStatement is an analyst's everyday question: a few clauses, a
// bounded path, a string literal and a comment.
const typicalStatement = `// Who in BRICS has a pact with Russia, and through whom?
MATCH (b:Bloc {id: $bloc})<-[m:MEMBER_OF]-(c:Country)
WHERE m.since <= date('2021-06-28') AND (m.until IS NULL OR m.until > date('2021-06-28'))
MATCH p = (c)-[:PARTY_TO|WITHIN*1..3]-(r:Country {id: 'RUS'})
WITH c, [n IN nodes(p) WHERE n:Agreement | n.title] AS titles, length(p) AS hops
RETURN c.id AS member, c.name AS name, titles, hops
ORDER BY hops, member
LIMIT 100`

// longStatement is a statement of about 100 KB: a long list literal of
// maps with quoted strings, then the same question.
func longStatement() string {
	var sb strings.Builder
	sb.WriteString("UNWIND [")
	for i := 0; i < 1000; i++ {
		if i > 0 {
			sb.WriteString(", ")
		}
		fmt.Fprintf(&sb, `{id: 'src-%d', title: "A title with (brackets) and 'quotes' %d", tags: [1, 2, [3, 4]]} /* note %d */`, i, i, i)
	}
	sb.WriteString("] AS row\n")
	sb.WriteString(typicalStatement)
	return sb.String()
}

// BenchmarkCheckShape reads a statement's nesting before it is sent.
func BenchmarkCheckShape(b *testing.B) {
	long := longStatement()
	for _, tt := range []struct{ name, s string }{{"typical", typicalStatement}, {"long", long}} {
		b.Run(tt.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(tt.s)))
			for b.Loop() {
				if err := CheckShape(tt.s); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// typicalPlan is the plan of typicalStatement, about as Neo4j 5 makes it.
func typicalPlan() Plan {
	return root(Plan{Operator: "Top@neo4j", Details: "hops ASC, member ASC LIMIT 100", EstimatedRows: 100, Children: []Plan{
		{Operator: "Projection@neo4j", Details: "c.id AS member, c.name AS name", EstimatedRows: 400, Children: []Plan{
			{Operator: "Projection@neo4j", Details: "[n IN nodes(p) WHERE n:Agreement | n.title] AS titles, length(p) AS hops", EstimatedRows: 400, Children: []Plan{
				{Operator: "Filter@neo4j", Details: "r:Country AND r.id = $autostring_1", EstimatedRows: 400, Children: []Plan{
					{Operator: "VarLengthExpand(All)@neo4j", Details: "(c)-[anon_1:PARTY_TO|WITHIN*..3]-(r)", EstimatedRows: 4000, Children: []Plan{
						{Operator: "Filter@neo4j", Details: "c:Country AND m.since <= $autodate_0", EstimatedRows: 10, Children: []Plan{
							{Operator: "Expand(All)@neo4j", Details: "(b)<-[m:MEMBER_OF]-(c)", EstimatedRows: 12, Children: []Plan{
								leaf("NodeUniqueIndexSeek", "UNIQUE b:Bloc(id) WHERE id = $bloc", 1),
							}},
						}},
					}},
				}},
			}},
		}},
	}})
}

// largePlan is a plan of n steps: a chain of expansions and unions, the
// shape a long statement with many subqueries gets.
func largePlan(n int) Plan {
	p := leaf("NodeByLabelScan", "c:Country", 200)
	for i := 0; i < n; i++ {
		switch i % 3 {
		case 0:
			p = Plan{Operator: "VarLengthExpand(All)@neo4j", Details: fmt.Sprintf("(c%d)-[anon_%d*..3]->(d%d)", i, i, i), EstimatedRows: 1000, Children: []Plan{p}}
		case 1:
			p = Plan{Operator: "Union@neo4j", EstimatedRows: 1000, Children: []Plan{p, leaf("ProcedureCall", "db.labels() :: (label :: STRING)", 10)}}
		default:
			p = Plan{Operator: "Filter@neo4j", Details: "d.id IN $ids", EstimatedRows: 500, Children: []Plan{p}}
		}
	}
	return root(p)
}

// BenchmarkCheck decides from the server's plan whether a statement may run.
func BenchmarkCheck(b *testing.B) {
	policy := Default("neo4j")
	for _, tt := range []struct {
		name string
		plan Plan
	}{{"typical", typicalPlan()}, {"large", largePlan(600)}} {
		b.Run(tt.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := policy.Check("r", tt.plan); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
