package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cyberkg/cyberkg/auth"
)

// minTokenLength refuses to hash tokens too short to be unguessable; those
// cyberkg makes have 47 characters.
const minTokenLength = 32

func newKeysCmd(stdout, stderr io.Writer) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "keys",
		Short: "Make API keys, and the keyring lines that let the server accept them",
	}
	cmd.AddCommand(newKeysNewCmd(stdout, stderr), newKeysHashCmd(stdout, stderr))
	return cmd
}

func newKeysNewCmd(stdout, stderr io.Writer) *cobra.Command {
	var name, roleName string
	cmd := &cobra.Command{
		Use:   "new --name NAME --role ROLE",
		Short: "Make a key: prints its token (shown only this once) and its keyring line",
		Long: `Make a key. Standard output gets two lines: first the token, for the key's
owner to send as "Authorization: Bearer <token>" (it is kept nowhere, so this
is the only time it is shown), then the line to add to the keys file or to
CYBERKG_API_KEYS, which holds only the token's hash.

Roles, each granting what the ones before it do: reader, editor, reviewer, admin.`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			role, err := auth.ParseRole(roleName)
			if err != nil {
				return fmt.Errorf("--role %q: %w", roleName, err)
			}
			token, line, err := auth.NewKey(name, role)
			if err != nil {
				return err
			}
			fmt.Fprintf(stderr, "line 1: the token, for %s only; it is not shown again\nline 2: the keyring line, for the keys file or %s\n", name, auth.EnvKeys)
			fmt.Fprintln(stdout, token)
			fmt.Fprintln(stdout, line)
			return nil
		},
	}
	cmd.Flags().StringVar(&name, "name", "", "the key's name: who or what holds it (lowercase letters, digits, '.', '_', '-')")
	cmd.Flags().StringVar(&roleName, "role", "", "reader, editor, reviewer or admin")
	_ = cmd.MarkFlagRequired("name")
	_ = cmd.MarkFlagRequired("role")
	return cmd
}

func newKeysHashCmd(stdout, _ io.Writer) *cobra.Command {
	var name, roleName string
	cmd := &cobra.Command{
		Use:   "hash [--name NAME --role ROLE] < token",
		Short: "Read a token made elsewhere on standard input and print its hash for the keyring",
		Long: `Read a token made elsewhere on standard input and print its keyring hash,
sha256:HEX. With --name and --role, print the whole keyring line instead.
Tokens shorter than 32 characters are refused.`,
		Example: `  printf %s "$TOKEN" | cyberkg keys hash --name ci-bot --role editor`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if (name == "") != (roleName == "") {
				return errors.New("give both --name and --role, or neither")
			}
			token, err := readToken(cmd.InOrStdin())
			if err != nil {
				return err
			}
			if name == "" {
				fmt.Fprintln(stdout, auth.Hash(token))
				return nil
			}
			role, err := auth.ParseRole(roleName)
			if err != nil {
				return fmt.Errorf("--role %q: %w", roleName, err)
			}
			line, err := auth.Line(name, role, token)
			if err != nil {
				return err
			}
			fmt.Fprintln(stdout, line)
			return nil
		},
	}
	cmd.Flags().StringVar(&name, "name", "", "print the whole keyring line, for a key of this name")
	cmd.Flags().StringVar(&roleName, "role", "", "the key's role in the keyring line: reader, editor, reviewer or admin")
	return cmd
}

// readToken reads one token from r; errors never repeat it.
func readToken(r io.Reader) (string, error) {
	data, err := io.ReadAll(io.LimitReader(r, 4096))
	if err != nil {
		return "", fmt.Errorf("read the token from standard input: %w", err)
	}
	token := strings.TrimSpace(string(data))
	switch {
	case token == "":
		return "", errors.New("no token on standard input")
	case strings.ContainsAny(token, " \t\r\n"):
		return "", errors.New("standard input holds more than one token: give one, on one line")
	case len(token) < minTokenLength:
		return "", fmt.Errorf("the token has %d characters: a token needs at least %d to be unguessable", len(token), minTokenLength)
	}
	return token, nil
}
