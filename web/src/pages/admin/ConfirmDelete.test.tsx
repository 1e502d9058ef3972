import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import { MantineProvider } from '@mantine/core';
import { ConfirmDelete } from './ConfirmDelete.tsx';

describe('the confirm-delete button of the admin tables', () => {
  it('asks the question and acts only when the person says yes', () => {
    const act = vi.fn();
    const confirm = vi.fn<(q: string) => boolean>();
    vi.stubGlobal('confirm', confirm);
    render(<MantineProvider><ConfirmDelete label="Delete" name="Delete user bob" question="Delete bob and end their sessions?" onConfirm={act} /></MantineProvider>);
    const button = screen.getByRole('button', { name: 'Delete user bob' });
    confirm.mockReturnValueOnce(false);
    fireEvent.click(button);
    expect(act).not.toHaveBeenCalled();
    confirm.mockReturnValueOnce(true);
    fireEvent.click(button);
    expect(act).toHaveBeenCalledTimes(1);
    expect(confirm).toHaveBeenLastCalledWith('Delete bob and end their sessions?');
    expect(button.textContent).toBe('Delete');
    vi.unstubAllGlobals();
  });
});
