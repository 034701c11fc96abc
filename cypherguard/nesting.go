package cypherguard

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits on a statement's shape that are checked before it is sent: Neo4j's
// parser recurses on nesting and overflows its stack (and never answers) at
// about a thousand nested brackets or a few thousand chained NOTs.
const (
	MaxNesting     = 64 // brackets, braces, parentheses and CASE … END, one inside another
	MaxPrefixChain = 32 // NOT, - and + in a row
)

// CheckShape refuses a statement nested deeper than the parser can take. It
// reads the text only as far as nesting goes: string literals, quoted names
// and comments are skipped, everything else is left to the server's plan.
func CheckShape(s string) error {
	chain := 0
	prev := ' '        // the last rune outside spaces, strings and comments
	var stack []string // the closer each open level waits for
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\'' || r == '"' || r == '`':
			i, prev = skipQuoted(s, i, byte(r)), r
			continue
		case strings.HasPrefix(s[i:], "//"):
			if end := strings.IndexByte(s[i:], '\n'); end >= 0 {
				i += end + 1
			} else {
				i = len(s)
			}
			continue
		case strings.HasPrefix(s[i:], "/*"):
			if end := strings.Index(s[i+2:], "*/"); end >= 0 {
				i += end + 4
			} else {
				i = len(s)
			}
			continue
		case unicode.IsSpace(r):
			i += size
			continue
		case r == '(' || r == '[' || r == '{':
			stack = append(stack, string(closerOf(r)))
			chain = 0
		case r == ')' || r == ']' || r == '}':
			if n := len(stack); n > 0 && stack[n-1] == string(r) {
				stack = stack[:n-1]
			}
			chain = 0
		case r == '-' || r == '+':
			chain++
		case isWordStart(r):
			word, end := readWord(s, i)
			// A property (x.end), parameter ($case), label (:End) or map
			// key ({end: 1}) named like a keyword is a name.
			keyword := prev != '.' && prev != '$' && prev != ':' && !nextIs(s, end, ':')
			if !keyword {
				word = ""
			}
			switch strings.ToUpper(word) {
			case "NOT":
				chain++
			case "CASE":
				stack = append(stack, "END")
				chain = 0
			case "END":
				if n := len(stack); n > 0 && stack[n-1] == "END" {
					stack = stack[:n-1]
				}
				chain = 0
			default:
				chain = 0
			}
			i, prev = end, 'w'
			if err := shapeLimits(len(stack), chain); err != nil {
				return err
			}
			continue
		default:
			chain = 0
		}
		i += size
		prev = r
		if err := shapeLimits(len(stack), chain); err != nil {
			return err
		}
	}
	return nil
}

func shapeLimits(depth, chain int) error {
	switch {
	case depth > MaxNesting:
		return &Refusal{Reason: fmt.Sprintf("the statement nests brackets, braces or CASE more than %d levels deep: flatten it (e.g. with WITH)", MaxNesting)}
	case chain > MaxPrefixChain:
		return &Refusal{Reason: fmt.Sprintf("the statement chains more than %d NOT, - or + operators in a row", MaxPrefixChain)}
	}
	return nil
}

func closerOf(r rune) rune {
	switch r {
	case '(':
		return ')'
	case '[':
		return ']'
	default:
		return '}'
	}
}

// skipQuoted returns the index after the literal or quoted name opened at
// s[i]; a backslash escapes in strings, a doubled backtick in names.
func skipQuoted(s string, i int, quote byte) int {
	for j := i + 1; j < len(s); j++ {
		switch {
		case s[j] == '\\' && quote != '`':
			j++
		case s[j] == quote:
			if quote == '`' && j+1 < len(s) && s[j+1] == '`' {
				j++
				continue
			}
			return j + 1
		}
	}
	return len(s)
}

// nextIs reports whether the first rune at or after i that is not a space is want.
func nextIs(s string, i int, want rune) bool {
	for _, r := range s[i:] {
		if !unicode.IsSpace(r) {
			return r == want
		}
	}
	return false
}

func isWordStart(r rune) bool { return r == '_' || unicode.IsLetter(r) }

func readWord(s string, i int) (string, int) {
	j := i
	for j < len(s) {
		r, size := utf8.DecodeRuneInString(s[j:])
		if r != '_' && r != '$' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			break
		}
		j += size
	}
	return s[i:j], j
}
