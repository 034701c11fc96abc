package main

import (
	"context"
	"io"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"

	"github.com/cyberkg/cyberkg/browser"
)

// There is no Docker engine where the tests run, so docker-compose.yml and
// the Dockerfile are checked by reading them: they must parse, and agree with
// the local setup (same Neo4j line, same variables, a command that exists).

type compose struct {
	Services map[string]struct {
		Image       string            `yaml:"image"`
		Build       any               `yaml:"build"`
		Command     []string          `yaml:"command"`
		Environment map[string]string `yaml:"environment"`
		Ports       []string          `yaml:"ports"`
		Volumes     []string          `yaml:"volumes"`
		Healthcheck *struct {
			Test []string `yaml:"test"`
		} `yaml:"healthcheck"`
		DependsOn map[string]struct {
			Condition string `yaml:"condition"`
		} `yaml:"depends_on"`
	} `yaml:"services"`
	Volumes map[string]any `yaml:"volumes"`
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestDockerComposeAgreesWithTheLocalSetup(t *testing.T) {
	var c compose
	if err := yaml.Unmarshal([]byte(readFile(t, "../../docker-compose.yml")), &c); err != nil {
		t.Fatalf("docker-compose.yml does not parse: %v", err)
	}
	neo, api := c.Services["neo4j"], c.Services["api"]

	pomVersion := regexp.MustCompile(`<neo4j.version>(\d+\.\d+)\.\d+</neo4j.version>`).FindStringSubmatch(readFile(t, "../../neo4j-local/pom.xml"))
	if pomVersion == nil {
		t.Fatal("neo4j-local/pom.xml has no <neo4j.version>")
	}
	if want := "neo4j:" + pomVersion[1] + "-community"; neo.Image != want {
		t.Errorf("compose neo4j image = %q, want %q (the line the local server runs)", neo.Image, want)
	}
	if neo.Healthcheck == nil || len(neo.Healthcheck.Test) == 0 {
		t.Error("compose neo4j has no health check")
	}
	dataVolume := false
	for _, v := range neo.Volumes {
		name, mount, _ := strings.Cut(v, ":")
		if mount == "/data" {
			_, declared := c.Volumes[name]
			dataVolume = declared
		}
	}
	if !dataVolume {
		t.Errorf("compose neo4j volumes %v: want a named volume, declared under volumes:, mounted at /data", neo.Volumes)
	}
	if api.Build == nil {
		t.Error("compose api is not built from this repo")
	}
	if api.DependsOn["neo4j"].Condition != "service_healthy" {
		t.Errorf("compose api depends_on neo4j = %+v, want condition service_healthy", api.DependsOn["neo4j"])
	}
	for _, key := range []string{"NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE", "CYBERKG_ADDR"} {
		if _, ok := api.Environment[key]; !ok {
			t.Errorf("compose api environment lacks %s", key)
		}
	}
	if !strings.Contains(api.Environment["NEO4J_PASSWORD"], defaultPassword) || !strings.Contains(neo.Environment["NEO4J_AUTH"], defaultPassword) {
		t.Errorf("compose passwords default to %q and %q, want both to default to %q as the local server does",
			api.Environment["NEO4J_PASSWORD"], neo.Environment["NEO4J_AUTH"], defaultPassword)
	}
	// The command compose runs must be one the binary accepts.
	args := append(append([]string{}, api.Command...), "--help")
	if err := run(context.Background(), args, func(string) string { return "" }, io.Discard, io.Discard); err != nil {
		t.Errorf("compose api command %q is refused by cyberkg: %v", api.Command, err)
	}
	port := strings.TrimPrefix(api.Environment["CYBERKG_ADDR"], ":")
	if len(api.Ports) == 0 || !strings.HasSuffix(api.Ports[0], ":"+port) {
		t.Errorf("compose api ports %v do not publish CYBERKG_ADDR %q", api.Ports, api.Environment["CYBERKG_ADDR"])
	}
}

func TestDockerfileBuildsTheCommand(t *testing.T) {
	df := readFile(t, "../../Dockerfile")
	for _, want := range []string{"npm ci", "npm run build", "COPY --from=web /web/dist ./web/dist", "go build", "./cmd/cyberkg", `ENTRYPOINT ["/usr/local/bin/cyberkg"]`, `CMD ["up"`} {
		if !strings.Contains(df, want) {
			t.Errorf("Dockerfile lacks %q", want)
		}
	}
	goVersion := regexp.MustCompile(`(?m)^go (\d+\.\d+)`).FindStringSubmatch(readFile(t, "../../go.mod"))
	if goVersion == nil || !strings.Contains(df, "golang:"+goVersion[1]) {
		t.Errorf("Dockerfile's Go image does not match go.mod's go %v", goVersion)
	}
}

func TestDockerComposeTellsBrowserToLoadTheGuide(t *testing.T) {
	var c struct {
		Services map[string]struct {
			Environment map[string]string `yaml:"environment"`
		} `yaml:"services"`
	}
	if err := yaml.Unmarshal([]byte(readFile(t, "../../docker-compose.yml")), &c); err != nil {
		t.Fatal(err)
	}
	if got, want := c.Services["neo4j"].Environment["NEO4J_browser_post__connect__cmd"], browser.PostConnect("http://localhost:8080"); got != want {
		t.Errorf("compose browser.post_connect_cmd = %q, want %q", got, want)
	}
}
