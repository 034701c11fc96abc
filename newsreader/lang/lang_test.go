package lang

import (
	"os"
	"testing"
)

func TestDetect(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"indonesian", "Rusia siap bekerja sama dengan semua negara yang berbagi pendekatan ini.", Indonesian},
		{"indonesian short", "Perjanjian itu ditandatangani pada bulan Mei.", Indonesian},
		{"russian", "Россия готова сотрудничать со всеми странами в области кибербезопасности.", Russian},
		{"russian with latin names", "Соглашение с Microsoft и NATO подписано в Москве.", Russian},
		{"english", "Russia is ready to cooperate with all the states that share this approach.", English},
		{"english short", "The agreement was signed in May.", English},
		{"english quoting russian", "The Security Council (Совбез) said that the talks will continue.", English},
		{"empty", "", English},
		{"no function words", "Moskow Jakarta Tashkent", English},
		{"tie", "the yang", English},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Detect(tt.text); got != tt.want {
				t.Errorf("Detect(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestDetectArticle(t *testing.T) {
	b, err := os.ReadFile("../../../shared/seeds/000_f02ef9834c905904.txt")
	if err != nil {
		t.Skipf("seed article not available: %v", err)
	}
	if got := Detect(string(b)); got != Indonesian {
		t.Errorf("Detect(seed article) = %q, want %q", got, Indonesian)
	}
}

func TestValid(t *testing.T) {
	for _, code := range []string{"id", "ru", "en"} {
		if !Valid(code) {
			t.Errorf("Valid(%q) = false, want true", code)
		}
	}
	for _, code := range []string{"", "EN", "de", "in", "id-ID"} {
		if Valid(code) {
			t.Errorf("Valid(%q) = true, want false", code)
		}
	}
}
