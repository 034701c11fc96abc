package cypherguard

import (
	"strings"
	"testing"
)

func TestCheckShape(t *testing.T) {
	nest := func(open, closing string, n int) string {
		return strings.Repeat(open, n) + "1" + strings.Repeat(closing, n)
	}
	tests := []struct {
		name, statement string
		refusal         string // "" means allowed
	}{
		{"plain", "MATCH (c:Country {id: $id})-[:MEMBER_OF]->(b) RETURN b.id", ""},
		{"parentheses at the limit", "RETURN " + nest("(", ")", MaxNesting), ""},
		{"parentheses past the limit", "RETURN " + nest("(", ")", MaxNesting+1), "levels deep"},
		{"5000 parentheses", "RETURN " + nest("(", ")", 5000), "levels deep"},
		{"lists", "RETURN " + nest("[", "]", 3000), "levels deep"},
		{"maps", "RETURN " + strings.Repeat("{a:", 100) + "1" + strings.Repeat("}", 100), "levels deep"},
		{"CASE in CASE", "RETURN " + strings.Repeat("CASE WHEN true THEN ", 70) + "1" + strings.Repeat(" END", 70), "levels deep"},
		{"CASE in sequence", "RETURN " + strings.Repeat("CASE WHEN true THEN 1 END + ", 200) + "1", ""},
		{"NOT chain", "RETURN " + strings.Repeat("NOT ", 4900) + "true", "in a row"},
		{"not chain of 32", "RETURN " + strings.Repeat("not ", MaxPrefixChain) + "true", ""},
		{"minus chain", "RETURN " + strings.Repeat("-", 9000) + "1", "in a row"},
		{"long sum is flat", "RETURN " + strings.Repeat("1 + ", 3000) + "1", ""},
		{"brackets in strings", "RETURN '" + strings.Repeat("(", 500) + "' AS s, \"" + strings.Repeat("[", 500) + "\"", ""},
		{"escaped quote", `RETURN 'it\'s ((((' + "` + strings.Repeat("(", 100) + `"`, ""},
		{"brackets in a quoted name", "RETURN 1 AS `" + strings.Repeat("(", 500) + "`", ""},
		{"brackets in comments", "// " + strings.Repeat("(", 500) + "\nRETURN 1 /* " + strings.Repeat("{", 500) + " */", ""},
		{"unclosed comment", "RETURN 1 /* ((((", ""},
		{"a property named end closes no CASE", "RETURN " + strings.Repeat("CASE WHEN x.end = 1 THEN ", 2000) + "1" + strings.Repeat(" END", 2000), "levels deep"},
		{"names like keywords open nothing", "MATCH (x:Case) WITH x, {case: 1, end: 2} AS m RETURN " + strings.Repeat("x.case + $case + m.end + ", 100) + "1", ""},
		{"arrows are not a chain", "MATCH (a)-->(b)<--(c)-[r]->(d) RETURN a", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckShape(tt.statement)
			switch {
			case tt.refusal == "" && err != nil:
				t.Errorf("CheckShape(…) = %v, want nil", err)
			case tt.refusal != "" && (err == nil || !strings.Contains(err.Error(), tt.refusal)):
				t.Errorf("CheckShape(…) = %v, want a refusal mentioning %q", err, tt.refusal)
			}
		})
	}
}

func FuzzCheckShape(f *testing.F) {
	f.Add("MATCH (n) RETURN n")
	f.Add("RETURN ((((1))))")
	f.Add("RETURN 'a\\'(' AS x // ((\n")
	f.Add("RETURN CASE WHEN NOT NOT true THEN [1] END")
	f.Fuzz(func(t *testing.T, s string) {
		err := CheckShape(s) // must not panic on any text
		// A refusal needs more openers or prefix operators than the limits.
		if err != nil && strings.Count(s, "(")+strings.Count(s, "[")+strings.Count(s, "{")+strings.Count(strings.ToUpper(s), "CASE") <= MaxNesting &&
			strings.Count(s, "-")+strings.Count(s, "+")+strings.Count(strings.ToUpper(s), "NOT") <= MaxPrefixChain {
			t.Fatalf("CheckShape(%q) = %v with too few openers or operators to refuse", s, err)
		}
	})
}
