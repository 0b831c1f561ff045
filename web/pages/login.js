import { login } from '../api.js';
import { h, field, input, formError, onSubmit } from './ui.js';

export const loginPage = { view: () => loginForm() };

function loginForm() {
  const user = input({ name: 'username', autocomplete: 'username', required: true });
  const pass = input({ name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const form = h('form', { class: 'card narrow', 'aria-labelledby': 'login-h' },
    h('h1', { id: 'login-h' }, 'Sign in'),
    formError(),
    field('User name', user, { field: 'username' }),
    field('Password', pass, { field: 'password' }),
    h('button', { type: 'submit' }, 'Sign in'));
  onSubmit(form, async () => {
    await login(user.value, pass.value);
    location.hash = '#/';
  });
  return form;
}
