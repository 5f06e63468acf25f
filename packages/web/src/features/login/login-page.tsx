import { useState } from 'react';
import type { FormEvent } from 'react';
import type { Credentials } from '../../app/api-client.ts';

export interface LoginPageProps {
  message: string | undefined;
  onSubmit: (credentials: Credentials) => void;
}

/** Username and password, sent as HTTP Basic on every API call of this tab. */
export function LoginPage({ message, onSubmit }: LoginPageProps) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit({ username, password });
  };
  return (
    <main className="login">
      <form className="login-form" onSubmit={submit} data-testid="login-form">
        <h1>Sign in to Cairn</h1>
        {message !== undefined && (
          <p className="error" role="alert" data-testid="login-error">
            {message}
          </p>
        )}
        <label>
          Username
          <input
            name="username"
            autoComplete="username"
            required
            value={username}
            onChange={(event) => setUsername(event.target.value)}
          />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </label>
        <button type="submit">Sign in</button>
      </form>
    </main>
  );
}
